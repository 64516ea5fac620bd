#pragma once

#include <string>

#include "util/clock.hpp"

namespace microblog::util {

// "2026-11-27T16:57:20Z": what browsers parse and <time datetime> expects.
std::string iso8601_utc(Micros t);

// "2026-11-27T16:59:20.387390+00:00": the original API's timestamp format.
std::string iso8601_utc_micros(Micros t);

// "2026-11-27 16:57 UTC": what a reader without JavaScript sees.
std::string readable_utc(Micros t);

// "Fri, 27 Nov 2026 16:57:20 +0000": RFC 5322 / RFC 9110 dates for headers.
std::string rfc5322_date(Micros t);

}  // namespace microblog::util

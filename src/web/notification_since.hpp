#pragma once

#include <optional>

#include "http/message.hpp"
#include "util/clock.hpp"

namespace microblog::web {

// The `since` of GET /notifications, seconds since the epoch with a fraction (what the answer's
// timestamps say, sent back by the script), as microseconds; 0 when absent; nothing when it is
// not a finite number in range.
std::optional<util::Micros> notification_since(const http::Request& req);

// A stored time as the float seconds the answer carries. A double holds today's times to well
// under a microsecond, so notification_since() turns it back into the same microsecond.
double seconds_of(util::Micros t);

}  // namespace microblog::web

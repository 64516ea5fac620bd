#pragma once

#include <string>
#include <string_view>

#include "util/clock.hpp"

namespace microblog::services {

// posts.json, written a post at a time: byte for byte what the original's exporter writes
// (Python's json.dumps with indent 4: ASCII only, "\uXXXX" escapes, timestamps in UTC with
// microseconds and a "Z"). A file is export_opening(), then export_entry() for each post,
// oldest first, then export_closing() with how many there were.
std::string export_opening();
std::string export_entry(std::string_view body, util::Micros created_us, bool first);
std::string export_closing(long long count);

// "2026-11-27T17:09:20.982413Z".
std::string export_timestamp(util::Micros t);

}  // namespace microblog::services

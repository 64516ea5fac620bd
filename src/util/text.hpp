#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace microblog::util {

std::string to_lower_ascii(std::string_view s);

// Strips ASCII white space (space, tab, CR, LF, FF, VT) at both ends.
std::string_view trim(std::string_view s);

bool is_valid_utf8(std::string_view s);

// Number of Unicode code points; the input must be valid UTF-8.
std::size_t utf8_length(std::string_view s);

// True when s holds control characters other than tab, CR and LF.
bool has_control_chars(std::string_view s);

// `s` as a JSON string literal, quotes included, for hand-built JSON lines (the logs). Invalid
// UTF-8 is replaced with U+FFFD, never passed on.
std::string json_string_literal(std::string_view s);

}  // namespace microblog::util

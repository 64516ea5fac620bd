#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "services/problem.hpp"

namespace microblog::services {

constexpr std::size_t kMaxPostLength = 140;  // Unicode code points, as the form says

struct CheckedPost {
  std::string body;                   // trimmed, line breaks as LF
  std::optional<FieldProblem> error;  // what is wrong with it
};

// Normalises a submitted post (CRLF and lone CR become LF, white space trimmed at both ends)
// and checks it: 1 to 140 code points, valid UTF-8, no control characters but tab and LF.
// Line breaks are normalised before counting so that a browser's CRLF counts once.
CheckedPost check_post_body(std::string_view raw);

}  // namespace microblog::services

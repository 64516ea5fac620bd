#include "services/post_validation.hpp"

#include "util/text.hpp"

namespace microblog::services {

CheckedPost check_post_body(std::string_view raw) {
  CheckedPost out;
  if (!util::is_valid_utf8(raw)) {
    out.error = FieldProblem{Problem::bad_characters};
    return out;
  }
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      text.push_back('\n');
      if (i + 1 < raw.size() && raw[i + 1] == '\n') {
        ++i;
      }
    } else {
      text.push_back(raw[i]);
    }
  }
  out.body = std::string(util::trim(text));
  if (out.body.empty()) {
    out.error = FieldProblem{Problem::missing};
  } else if (util::has_control_chars(out.body)) {
    out.error = FieldProblem{Problem::bad_characters};
  } else if (const auto n = util::utf8_length(out.body); n > kMaxPostLength) {
    out.error = FieldProblem{Problem::too_long, static_cast<long long>(n)};
  }
  return out;
}

}  // namespace microblog::services

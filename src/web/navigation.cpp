#include "web/navigation.hpp"

namespace microblog::web {

std::string safe_next(std::string_view next, std::string_view fallback) {
  const bool local = next.size() >= 1 && next.front() == '/' &&
                     (next.size() == 1 || (next[1] != '/' && next[1] != '\\'));
  if (!local) {
    return std::string(fallback);
  }
  for (const char c : next) {
    // Control characters and backslashes are read as host separators by some browsers.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\') {
      return std::string(fallback);
    }
  }
  return std::string(next);
}

std::string next_param(const http::Request& req) {
  const auto it = req.query().find("next");
  return it == req.query().end() ? std::string() : it->second;
}

}  // namespace microblog::web

#include "i18n/fill.hpp"

namespace microblog::i18n {

std::string fill(std::string_view text, std::initializer_list<Placeholder> values) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) {
      break;
    }
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const Placeholder* found = nullptr;
    for (const auto& v : values) {
      if (v.first == name) {
        found = &v;
      }
    }
    if (found == nullptr) {
      out.append(text.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    out.append(text.substr(pos, open - pos));
    out.append(found->second);
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace microblog::i18n

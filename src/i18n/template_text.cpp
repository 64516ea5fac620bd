#include "i18n/template_text.hpp"

#include <stdexcept>

namespace microblog::i18n {
namespace {

constexpr std::string_view kOpen = "[[";
constexpr std::string_view kClose = "]]";

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += c;
  }
  return out;
}

int line_at(std::string_view source, std::size_t pos) {
  int line = 1;
  for (std::size_t i = 0; i < pos; ++i) {
    line += source[i] == '\n' ? 1 : 0;
  }
  return line;
}

// Calls on_text for the text between markers and on_marker for each marker's msgid.
template <typename OnText, typename OnMarker>
void scan(std::string_view source, OnText on_text, OnMarker on_marker) {
  std::size_t pos = 0;
  while (pos < source.size()) {
    const std::size_t open = source.find(kOpen, pos);
    if (open == std::string_view::npos) {
      on_text(source.substr(pos));
      return;
    }
    on_text(source.substr(pos, open - pos));
    const std::size_t start = open + kOpen.size();
    const std::size_t close = source.find(kClose, start);
    if (close == std::string_view::npos) {
      throw std::runtime_error("line " + std::to_string(line_at(source, open)) +
                               ": [[ without a closing ]]");
    }
    std::string msgid = collapse_spaces(source.substr(start, close - start));
    if (msgid.empty()) {
      throw std::runtime_error("line " + std::to_string(line_at(source, open)) +
                               ": empty [[ ]] marker");
    }
    on_marker(std::move(msgid), open);
    pos = close + kClose.size();
  }
}

}  // namespace

std::vector<TemplateMessage> template_messages(std::string_view source) {
  std::vector<TemplateMessage> messages;
  scan(
      source, [](std::string_view) {},
      [&](std::string msgid, std::size_t at) {
        messages.push_back({std::move(msgid), line_at(source, at)});
      });
  return messages;
}

std::string localize_template(std::string_view source, const Translate& translate) {
  std::string out;
  out.reserve(source.size());
  scan(
      source, [&](std::string_view text) { out += text; },
      [&](const std::string& msgid, std::size_t) { out += translate(msgid); });
  return out;
}

}  // namespace microblog::i18n

#include "i18n/accept_language.hpp"

#include <algorithm>
#include <optional>

namespace microblog::i18n {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// A weight in thousandths: "1", "1.0", "0", "0.8", "0.875" (RFC 9110's qvalue).
std::optional<int> parse_weight(std::string_view q) {
  if (q.empty() || q.size() > 5 || (q[0] != '0' && q[0] != '1')) {
    return std::nullopt;
  }
  int value = (q[0] - '0') * 1000;
  if (q.size() > 1) {
    if (q[1] != '.') {
      return std::nullopt;
    }
    int scale = 100;
    for (const char c : q.substr(2)) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      value += (c - '0') * scale;
      scale /= 10;
    }
  }
  return value <= 1000 ? std::optional(value) : std::nullopt;
}

// The lower-cased primary subtag of a language range ("es" of "es-ES"), "*", or nothing.
std::optional<std::string> primary_tag(std::string_view range) {
  if (range == "*") {
    return std::string("*");
  }
  const std::string_view primary = range.substr(0, range.find('-'));
  if (primary.empty() || primary.size() > 8 || range.size() > 35) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : range) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != '-' && !(c >= '0' && c <= '9')) {
      return std::nullopt;
    }
  }
  for (const char c : primary) {
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

struct Entry {
  std::string tag;
  int weight = 1000;
};

std::vector<Entry> parse(std::string_view header) {
  std::vector<Entry> entries;
  while (!header.empty() && entries.size() < 32) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const auto tag = primary_tag(trim(item.substr(0, semi)));
    std::optional<int> weight = 1000;
    if (semi != std::string_view::npos) {
      const std::string_view param = trim(item.substr(semi + 1));
      weight = param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '='
                   ? parse_weight(trim(param.substr(2)))
                   : std::nullopt;
    }
    if (tag && weight) {
      entries.push_back({*tag, *weight});
    }
  }
  return entries;
}

}  // namespace

std::string best_language(std::string_view header, const std::vector<std::string>& offered) {
  const auto entries = parse(header);
  const auto named = [&](const std::string& code) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const Entry& e) { return e.tag == code; });
  };
  std::string best;
  int best_weight = 0;
  for (const auto& e : entries) {
    if (e.weight <= best_weight) {
      continue;
    }
    if (e.tag == "*") {
      const auto any = std::find_if(offered.begin(), offered.end(),
                                    [&](const std::string& code) { return !named(code); });
      if (any != offered.end()) {
        best = *any;
        best_weight = e.weight;
      }
    } else if (std::find(offered.begin(), offered.end(), e.tag) != offered.end()) {
      best = e.tag;
      best_weight = e.weight;
    }
  }
  return best;
}

}  // namespace microblog::i18n

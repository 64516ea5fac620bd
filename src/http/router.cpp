#include "http/router.hpp"

namespace microblog::http {
namespace {

bool is_capture(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '<' && seg.back() == '>';
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') {
    return parts;
  }
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) {
      break;
    }
    path.remove_prefix(slash + 1);
  }
  return parts;
}

PathPattern::PathPattern(std::string pattern) : text_(std::move(pattern)) {
  for (const auto part : split_path(text_)) {
    segments_.emplace_back(part);
  }
  if (!segments_.empty() && segments_.back().rfind("<path:", 0) == 0) {
    rest_ = true;
    segments_.back() = "<" + segments_.back().substr(6);
  }
}

bool PathPattern::match(const std::vector<std::string_view>& parts, Params* params) const {
  if (rest_ ? parts.size() < segments_.size() : parts.size() != segments_.size()) {
    return false;
  }
  Params captured;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const std::string& seg = segments_[i];
    if (!is_capture(seg)) {
      if (seg != parts[i]) {
        return false;
      }
      continue;
    }
    const std::string name = seg.substr(1, seg.size() - 2);
    if (rest_ && i + 1 == segments_.size()) {
      std::string joined;
      for (std::size_t k = i; k < parts.size(); ++k) {
        const auto decoded = decode_path_segment(parts[k]);
        if (!decoded || decoded->empty() || decoded->find('/') != std::string::npos) {
          return false;
        }
        joined += (k == i ? "" : "/") + *decoded;
      }
      captured[name] = joined;
      continue;
    }
    const auto decoded = decode_path_segment(parts[i]);
    if (!decoded || decoded->empty()) {
      return false;
    }
    captured[name] = *decoded;
  }
  if (params != nullptr) {
    *params = std::move(captured);
  }
  return true;
}

}  // namespace microblog::http

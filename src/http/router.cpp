#include "http/router.hpp"

#include <stdexcept>

namespace microblog::http {
namespace {

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

bool is_capture(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '<' && seg.back() == '>';
}

}  // namespace

void Router::add(Verb method, const std::string& pattern, Handler handler) {
  Route r{method, pattern, {}, false, std::move(handler)};
  for (const auto part : split_path(pattern)) {
    r.segments.emplace_back(part);
  }
  if (!r.segments.empty() && r.segments.back().rfind("<path:", 0) == 0) {
    r.rest = true;
    r.segments.back() = "<" + r.segments.back().substr(6);
  }
  routes_.push_back(std::move(r));
}

bool Router::matches(const Route& r, const std::vector<std::string_view>& parts, Params* params) {
  if (r.rest ? parts.size() < r.segments.size() : parts.size() != r.segments.size()) {
    return false;
  }
  Params captured;
  for (std::size_t i = 0; i < r.segments.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (!is_capture(seg)) {
      if (seg != parts[i]) {
        return false;
      }
      continue;
    }
    const std::string name = seg.substr(1, seg.size() - 2);
    if (r.rest && i + 1 == r.segments.size()) {
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

Router::Match Router::match(Request& req) const {
  Match m;
  const auto parts = split_path(req.path);
  const Verb method = req.method() == Verb::head ? Verb::get : req.method();
  for (const auto& r : routes_) {
    if (!matches(r, parts, nullptr)) {
      continue;
    }
    m.path_known = true;
    const std::string name(beast_http::to_string(r.method));
    if (m.allowed.find(name) == std::string::npos) {
      m.allowed += (m.allowed.empty() ? "" : ", ") + name;
    }
    if (r.method == method && m.handler == nullptr) {
      matches(r, parts, &req.path_params);
      req.route = r.pattern;
      m.handler = &r.handler;
    }
  }
  return m;
}

}  // namespace microblog::http

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace microblog::http {

// The request path cut at '/', still percent-encoded ("/user/a%20b" -> "user", "a%20b").
std::vector<std::string_view> split_path(std::string_view path);

// A route's path: segments, where "<name>" captures one segment and a final "<path:name>"
// captures the rest, e.g. "/user/<username>/followers".
class PathPattern {
 public:
  explicit PathPattern(std::string pattern);

  const std::string& text() const { return text_; }
  // On a match, fills `params` (if given) with the decoded captures.
  bool match(const std::vector<std::string_view>& parts, Params* params) const;

 private:
  std::string text_;
  std::vector<std::string> segments_;
  bool rest_ = false;
};

// Routes by method and path pattern to a `Target`: whatever the application keeps per route
// (its handler and policy). The first route added that matches wins.
template <typename Target>
class Router {
 public:
  struct Route {
    Verb method;
    PathPattern pattern;
    Target target;
  };

  void add(Verb method, std::string pattern, Target target) {
    routes_.push_back({method, PathPattern(std::move(pattern)), std::move(target)});
  }

  struct Match {
    const Route* route = nullptr;  // null: no route for this method and path
    Params params;                 // the captures of `route`
    bool path_known = false;       // some route matches the path (so 405, not 404)
    std::string allowed;           // the Allow header for a 405
  };

  // HEAD is served by the GET route.
  Match match(Verb method, std::string_view path) const {
    Match m;
    const auto parts = split_path(path);
    const Verb wanted = method == Verb::head ? Verb::get : method;
    for (const auto& r : routes_) {
      if (!r.pattern.match(parts, nullptr)) {
        continue;
      }
      m.path_known = true;
      const std::string_view name = beast_http::to_string(r.method);
      if (m.allowed.find(name) == std::string::npos) {
        m.allowed += m.allowed.empty() ? "" : ", ";
        m.allowed += name;
      }
      if (r.method == wanted && m.route == nullptr) {
        r.pattern.match(parts, &m.params);
        m.route = &r;
      }
    }
    return m;
  }

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace microblog::http

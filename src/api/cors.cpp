#include "api/cors.hpp"

#include <algorithm>

#include "api/answers.hpp"

namespace microblog::api {
namespace {

bool under_api(const std::string& path) {
  return path == "/api" || path.rfind("/api/", 0) == 0;
}

// Headers a script may read from an answer beyond the few every browser shows.
constexpr const char* kExposed =
    "Location, Retry-After, WWW-Authenticate, X-RateLimit-Limit, X-RateLimit-Remaining, "
    "X-RateLimit-Reset";

}  // namespace

http::Middleware cors(const web::Routes& routes, std::vector<std::string> origins) {
  return [&routes, origins = std::move(origins)](http::Request& req,
                                                 const http::Next& next) -> http::Response {
    if (!under_api(req.path)) {
      return next(req);
    }
    const std::string origin(req.header(http::Field::origin));
    const bool allowed = !origin.empty() &&
                         std::any_of(origins.begin(), origins.end(),
                                     [&](const std::string& o) { return o == "*" || o == origin; });
    if (req.method() == http::Verb::options) {
      const auto match = routes.router().match(http::Verb::options, req.path);
      if (!match.path_known) {
        return next(req);  // the API's JSON 404
      }
      auto res = no_content();
      res.set(http::Field::allow, match.allowed + ", OPTIONS");
      if (allowed) {
        res.set(http::Field::access_control_allow_origin, origin);
        res.set(http::Field::access_control_allow_methods, match.allowed + ", OPTIONS");
        res.set(http::Field::access_control_allow_headers, "Authorization, Content-Type");
        res.set(http::Field::access_control_max_age, "600");
      }
      res.set(http::Field::vary, "Origin");
      return res;
    }
    auto res = next(req);
    if (allowed) {
      res.set(http::Field::access_control_allow_origin, origin);
      res.set(http::Field::access_control_expose_headers, kExposed);
    }
    res.set(http::Field::vary, "Origin");
    return res;
  };
}

}  // namespace microblog::api

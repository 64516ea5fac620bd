#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace microblog::http {

using Handler = std::function<Response(Request&)>;

// Routes by method and path pattern. A pattern is a list of segments, where "<name>" captures
// one segment and a final "<path:name>" captures the rest, e.g. "/user/<username>/followers".
class Router {
 public:
  void add(Verb method, const std::string& pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method
    bool path_known = false;           // some route matches the path (so 405, not 404)
    std::string allowed;               // the Allow header for a 405
  };

  // Fills req.path_params and req.route on a match. HEAD is served by the GET route.
  Match match(Request& req) const;

 private:
  struct Route {
    Verb method;
    std::string pattern;
    std::vector<std::string> segments;
    bool rest = false;
    Handler handler;
  };
  static bool matches(const Route& r, const std::vector<std::string_view>& parts, Params* params);

  std::vector<Route> routes_;
};

}  // namespace microblog::http

#pragma once

#include "http/router.hpp"
#include "services/session_service.hpp"
#include "web/views.hpp"

namespace microblog::web {

// The home timeline (/, /index) and /explore.
class HomeHandlers {
 public:
  HomeHandlers(services::SessionService& sessions, Views& views);
  void register_routes(http::Router& router);

 private:
  http::Response index(http::Request& req);
  http::Response explore(http::Request& req);

  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

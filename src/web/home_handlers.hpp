#pragma once

#include "http/router.hpp"
#include "services/post_service.hpp"
#include "services/session_service.hpp"
#include "web/cached_post_lists.hpp"
#include "web/views.hpp"

namespace microblog::web {

// The home timeline (/, /index) with the post form, and /explore.
class HomeHandlers {
 public:
  HomeHandlers(services::SessionService& sessions, services::PostService& posts,
               CachedPostLists& lists, Views& views);
  void register_routes(http::Router& router);

 private:
  http::Response index(http::Request& req);
  http::Response create_post(http::Request& req);
  http::Response render_index(http::Request& req, const std::string& post_value,
                              const services::FieldErrors& errors);
  http::Response explore(http::Request& req);

  services::SessionService& sessions_;
  services::PostService& posts_;
  CachedPostLists& lists_;
  Views& views_;
};

}  // namespace microblog::web

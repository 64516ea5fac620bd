#pragma once

#include "services/post_service.hpp"
#include "services/session_service.hpp"
#include "web/cached_post_lists.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// The home timeline (/, /index) with the post form, and /explore.
class HomeHandlers {
 public:
  HomeHandlers(services::SessionService& sessions, services::PostService& posts,
               CachedPostLists& lists, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response index(Context& ctx);
  http::Response create_post(Context& ctx);
  // `form_error`: a message above the form; a form with errors gets a default one.
  http::Response render_index(Context& ctx, http::Status status, const std::string& post_value,
                              const services::FieldErrors& errors, std::string form_error = {});
  http::Response explore(Context& ctx);

  services::SessionService& sessions_;
  services::PostService& posts_;
  CachedPostLists& lists_;
  Views& views_;
};

}  // namespace microblog::web

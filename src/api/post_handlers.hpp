#pragma once

#include "http/message.hpp"
#include "services/account_service.hpp"
#include "services/post_service.hpp"
#include "services/search_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// Posts, beyond the original's API: everyone's (explore), one user's, the token holder's home
// timeline, a new post, and search.
class PostHandlers {
 public:
  PostHandlers(services::AccountService& accounts, services::PostService& posts,
               services::SearchService& search)
      : accounts_(accounts), posts_(posts), search_(search) {}

  void register_routes(web::Routes& routes);

 private:
  http::Response explore(web::Context& ctx);
  http::Response timeline(web::Context& ctx);
  http::Response by_author(web::Context& ctx);
  http::Response create(web::Context& ctx);
  http::Response remove(web::Context& ctx);
  http::Response search(web::Context& ctx);

  services::AccountService& accounts_;
  services::PostService& posts_;
  services::SearchService& search_;
};

}  // namespace microblog::api

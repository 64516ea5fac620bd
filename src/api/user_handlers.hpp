#pragma once

#include "http/message.hpp"
#include "services/account_service.hpp"
#include "services/user_directory.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// The original's users resource: one user, all users, a user's followers and followed users,
// registration (POST, no token) and one's own profile change (PUT).
class UserHandlers {
 public:
  UserHandlers(services::AccountService& accounts, services::UserDirectory& directory)
      : accounts_(accounts), directory_(directory) {}

  void register_routes(web::Routes& routes);

 private:
  http::Response one(web::Context& ctx);
  http::Response all(web::Context& ctx);
  http::Response related(web::Context& ctx, services::Relation relation);
  http::Response create(web::Context& ctx);
  http::Response update(web::Context& ctx);

  services::AccountService& accounts_;
  services::UserDirectory& directory_;
};

}  // namespace microblog::api

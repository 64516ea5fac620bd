#pragma once

#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// POST /follow/<username>, POST /unfollow/<username>, and the lists /user/<username>/followers and
// /user/<username>/following.
class FollowHandlers {
 public:
  FollowHandlers(services::AccountService& accounts, services::SessionService& sessions,
                 services::FollowService& follows, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response change(Context& ctx, bool follow);
  http::Response list(Context& ctx, services::Relation relation);

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  services::FollowService& follows_;
  Views& views_;
};

}  // namespace microblog::web

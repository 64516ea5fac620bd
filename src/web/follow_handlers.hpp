#pragma once

#include "http/router.hpp"
#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/session_service.hpp"
#include "web/views.hpp"

namespace microblog::web {

// POST /follow/<username>, POST /unfollow/<username> (the CSRF middleware checks the token of
// every POST), and the lists /user/<username>/followers and /user/<username>/following.
class FollowHandlers {
 public:
  FollowHandlers(services::AccountService& accounts, services::SessionService& sessions,
                 services::FollowService& follows, Views& views);
  void register_routes(http::Router& router);

 private:
  http::Response change(http::Request& req, bool follow);
  http::Response list(http::Request& req, db::follows::Relation relation);

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  services::FollowService& follows_;
  Views& views_;
};

}  // namespace microblog::web

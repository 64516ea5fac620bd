#pragma once

#include "http/message.hpp"
#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/message_service.hpp"
#include "services/notification_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// What the token holder does with other people, beyond the original's API: follow and
// unfollow, private messages (send, inbox) and the notifications the site's pages poll.
class SocialHandlers {
 public:
  SocialHandlers(services::AccountService& accounts, services::FollowService& follows,
                 services::MessageService& messages, services::NotificationService& notifications)
      : accounts_(accounts),
        follows_(follows),
        messages_(messages),
        notifications_(notifications) {}

  void register_routes(web::Routes& routes);

 private:
  http::Response follow(web::Context& ctx, bool follow);
  http::Response send(web::Context& ctx);
  http::Response inbox(web::Context& ctx);
  http::Response notifications(web::Context& ctx);

  services::AccountService& accounts_;
  services::FollowService& follows_;
  services::MessageService& messages_;
  services::NotificationService& notifications_;
};

}  // namespace microblog::api

#pragma once

#include <string>

#include "services/message_service.hpp"
#include "services/notification_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// GET/POST /send_message/<recipient>, the inbox GET /messages, and GET /notifications, the JSON
// that static/js/notifications.js polls.
class MessageHandlers {
 public:
  MessageHandlers(services::MessageService& messages, services::NotificationService& notifications,
                  services::SessionService& sessions, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response send_form(Context& ctx);
  http::Response send(Context& ctx);
  http::Response inbox(Context& ctx);
  http::Response notifications(Context& ctx);

  // The answer for a recipient one cannot write to (unknown, or oneself).
  http::Response refused(Context& ctx, const services::MessageResult& result);
  http::Response render_form(Context& ctx, http::Status status, const std::string& recipient,
                             const std::string& value, const services::FieldErrors& errors,
                             std::string form_error = {});

  services::MessageService& messages_;
  services::NotificationService& notifications_;
  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

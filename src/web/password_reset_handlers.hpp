#pragma once

#include "http/router.hpp"
#include "services/password_reset_service.hpp"
#include "services/session_service.hpp"
#include "web/views.hpp"

namespace microblog::web {

// /auth/reset_password_request and /auth/reset_password/<token>.
class PasswordResetHandlers {
 public:
  PasswordResetHandlers(services::PasswordResetService& resets, services::SessionService& sessions,
                        Views& views);
  void register_routes(http::Router& router);

 private:
  http::Response request_form(http::Request& req);
  http::Response request_reset(http::Request& req);
  http::Response reset_form(http::Request& req);
  http::Response reset(http::Request& req);

  http::Response render_request(http::Request& req, http::Status status, const std::string& email,
                                const services::FieldErrors& errors, const std::string& form_error);
  http::Response render_reset(http::Request& req, const services::FieldErrors& errors);
  http::Response unusable_link(http::Request& req, services::TokenState state);

  services::PasswordResetService& resets_;
  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

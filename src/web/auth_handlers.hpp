#pragma once

#include "http/router.hpp"
#include "services/account_service.hpp"
#include "services/session_service.hpp"
#include "web/views.hpp"

namespace microblog::web {

// /auth/login, /auth/register, /auth/logout, /auth/change_password.
class AuthHandlers {
 public:
  AuthHandlers(services::AccountService& accounts, services::SessionService& sessions,
               Views& views);
  void register_routes(http::Router& router);

 private:
  http::Response login_form(http::Request& req);
  http::Response login(http::Request& req);
  http::Response register_form(http::Request& req);
  http::Response register_user(http::Request& req);
  http::Response logout_confirm(http::Request& req);
  http::Response logout(http::Request& req);
  http::Response change_password_form(http::Request& req);
  http::Response change_password(http::Request& req);

  http::Response render_login(http::Request& req, http::Status status, const std::string& username,
                              bool remember, const std::string& form_error);
  http::Response render_register(http::Request& req, const services::RegistrationInput& in,
                                 const services::FieldErrors& errors);
  http::Response render_change_password(http::Request& req, const services::FieldErrors& errors);

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

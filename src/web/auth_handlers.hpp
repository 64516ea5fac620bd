#pragma once

#include "services/account_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// /auth/login, /auth/register, /auth/logout, /auth/change_password.
class AuthHandlers {
 public:
  AuthHandlers(services::AccountService& accounts, services::SessionService& sessions,
               Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response login_form(Context& ctx);
  http::Response login(Context& ctx);
  http::Response register_form(Context& ctx);
  http::Response register_user(Context& ctx);
  http::Response logout_confirm(Context& ctx);
  http::Response logout(Context& ctx);
  http::Response change_password_form(Context& ctx);
  http::Response change_password(Context& ctx);

  // `notice`: an information above the form (why the visitor is asked to sign in).
  http::Response render_login(Context& ctx, http::Status status, const std::string& username,
                              bool remember, const std::string& form_error,
                              const std::string& notice = {});
  http::Response render_register(Context& ctx, const services::RegistrationInput& in,
                                 const services::FieldErrors& errors,
                                 http::Status status = http::Status::ok,
                                 const std::string& form_error = {});
  http::Response render_change_password(Context& ctx, const services::FieldErrors& errors,
                                        http::Status status = http::Status::ok,
                                        const std::string& form_error = {});

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

#pragma once

#include "services/password_reset_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// /auth/reset_password_request, the mailed link /auth/reset_password/<token> and the form it
// leads to, /auth/reset_password.
class PasswordResetHandlers {
 public:
  PasswordResetHandlers(services::PasswordResetService& resets, services::SessionService& sessions,
                        Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response request_form(Context& ctx);
  http::Response request_reset(Context& ctx);
  http::Response open_link(Context& ctx);
  http::Response reset_form(Context& ctx);
  http::Response reset(Context& ctx);

  http::Response render_request(Context& ctx, http::Status status, const std::string& email,
                                const services::FieldErrors& errors, const std::string& form_error);
  http::Response render_reset(Context& ctx, const services::FieldErrors& errors);
  http::Response unusable_link(Context& ctx, services::TokenState state);

  services::PasswordResetService& resets_;
  services::SessionService& sessions_;
  Views& views_;
};

}  // namespace microblog::web

#include "web/password_reset_handlers.hpp"

#include "services/account_validation.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"
#include "web/request_context.hpp"

namespace microblog::web {
PasswordResetHandlers::PasswordResetHandlers(services::PasswordResetService& resets,
                                             services::SessionService& sessions, Views& views)
    : resets_(resets), sessions_(sessions), views_(views) {}

void PasswordResetHandlers::register_routes(http::Router& router) {
  using http::Verb;
  router.add(Verb::get, "/auth/reset_password_request",
             [this](http::Request& r) { return request_form(r); });
  router.add(Verb::post, "/auth/reset_password_request",
             [this](http::Request& r) { return request_reset(r); });
  router.add(Verb::get, "/auth/reset_password/<token>",
             [this](http::Request& r) { return reset_form(r); });
  router.add(Verb::post, "/auth/reset_password/<token>",
             [this](http::Request& r) { return reset(r); });
}

http::Response PasswordResetHandlers::render_request(http::Request& req, http::Status status,
                                                     const std::string& email,
                                                     const services::FieldErrors& errors,
                                                     const std::string& form_error) {
  return views_.page(req, status, "Reset your password", "auth/reset_password_request.tpl",
                     [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/auth/reset_password_request");
                       set_field(d, "email", email, errors);
                       if (!form_error.empty()) {
                         set_form_error(d, form_error);
                       }
                     });
}

http::Response PasswordResetHandlers::request_form(http::Request& req) {
  if (require_session(req).logged_in()) {
    return http::redirect_response("/index");
  }
  return render_request(req, http::Status::ok, "", {}, "");
}

http::Response PasswordResetHandlers::request_reset(http::Request& req) {
  auto& session = require_session(req);
  if (session.logged_in()) {
    return http::redirect_response("/index");
  }
  const std::string email(util::trim(req.form_field("email")));
  if (auto error = services::check_email(email)) {
    return render_request(req, http::Status::ok, email, {{"email", *error}}, "");
  }
  const auto result = resets_.request(email, req.client_ip, util::now_micros());
  if (result.kind == services::ResetRequestResult::Kind::ip_limited) {
    // Only the per-address limit must look like success (it would tell which addresses have
    // accounts); a flood from one client address may be told to slow down.
    auto res =
        render_request(req, http::Status::too_many_requests, email, {},
                       "Too many reset requests from your network. Please try again in " +
                           std::to_string((result.retry_after_seconds + 59) / 60) + " minutes.");
    res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
    return res;
  }
  sessions_.add_flash(session, "info",
                      "Check your email for the instructions to reset your password.");
  return http::redirect_response("/auth/login");
}

http::Response PasswordResetHandlers::unusable_link(http::Request& req,
                                                    services::TokenState state) {
  std::string title = "This link does not work";
  std::string message =
      "This password reset link is not valid. Check that you copied all of it, or ask for a "
      "new one.";
  http::Status status = http::Status::bad_request;
  if (state == services::TokenState::expired) {
    title = "This link has expired";
    message = "Password reset links work for one hour. Ask for a new one.";
    status = http::Status::gone;
  } else if (state == services::TokenState::used) {
    title = "This link was already used";
    message = "Each password reset link works once. If you need to reset again, ask for a new one.";
    status = http::Status::gone;
  }
  return views_.page(req, status, title, "auth/reset_password_invalid.tpl", [&](Dictionary& d) {
    d.SetValue("TITLE", title);
    d.SetValue("MESSAGE", message);
  });
}

http::Response PasswordResetHandlers::render_reset(http::Request& req,
                                                   const services::FieldErrors& errors) {
  return views_.page(
      req, http::Status::ok, "Choose a new password", "auth/reset_password.tpl",
      [&](Dictionary& d) {
        d.SetValue("FORM_ACTION",
                   "/auth/reset_password/" + http::encode_query_value(req.path_params["token"]));
        set_field(d, "password", "", errors);
        set_field(d, "password2", "", errors);
      });
}

http::Response PasswordResetHandlers::reset_form(http::Request& req) {
  if (require_session(req).logged_in()) {
    return http::redirect_response("/index");
  }
  const auto state = resets_.check(req.path_params["token"], util::now_micros());
  if (state != services::TokenState::valid) {
    return unusable_link(req, state);
  }
  return render_reset(req, {});
}

http::Response PasswordResetHandlers::reset(http::Request& req) {
  auto& session = require_session(req);
  if (session.logged_in()) {
    return http::redirect_response("/index");
  }
  const auto result = resets_.reset(req.path_params["token"], req.form_field("password"),
                                    req.form_field("password2"), util::now_micros());
  if (result.state != services::TokenState::valid) {
    return unusable_link(req, result.state);
  }
  if (!result.errors.empty()) {
    return render_reset(req, result.errors);
  }
  sessions_.add_flash(session, "success", "Your password has been reset. Sign in with it now.");
  return http::redirect_response("/auth/login");
}

}  // namespace microblog::web

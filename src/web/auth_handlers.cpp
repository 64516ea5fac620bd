#include "web/auth_handlers.hpp"

#include "util/clock.hpp"
#include "web/navigation.hpp"
#include "web/request_context.hpp"

namespace microblog::web {
namespace {

std::string next_param(const http::Request& req) {
  const auto it = req.query().find("next");
  return it == req.query().end() ? std::string() : it->second;
}

std::string login_action(const http::Request& req) {
  const std::string next = next_param(req);
  return next.empty() ? "/auth/login" : "/auth/login?next=" + http::encode_query_value(next);
}

}  // namespace

AuthHandlers::AuthHandlers(services::AccountService& accounts, services::SessionService& sessions,
                           Views& views)
    : accounts_(accounts), sessions_(sessions), views_(views) {}

void AuthHandlers::register_routes(http::Router& router) {
  using http::Verb;
  router.add(Verb::get, "/auth/login", [this](http::Request& r) { return login_form(r); });
  router.add(Verb::post, "/auth/login", [this](http::Request& r) { return login(r); });
  router.add(Verb::get, "/auth/register", [this](http::Request& r) { return register_form(r); });
  router.add(Verb::post, "/auth/register", [this](http::Request& r) { return register_user(r); });
  router.add(Verb::get, "/auth/logout", [this](http::Request& r) { return logout_confirm(r); });
  router.add(Verb::post, "/auth/logout", [this](http::Request& r) { return logout(r); });
  router.add(Verb::get, "/auth/change_password",
             [this](http::Request& r) { return change_password_form(r); });
  router.add(Verb::post, "/auth/change_password",
             [this](http::Request& r) { return change_password(r); });
}

http::Response AuthHandlers::render_login(http::Request& req, http::Status status,
                                          const std::string& username, bool remember,
                                          const std::string& form_error) {
  return views_.page(req, status, "Sign In", "auth/login.tpl", [&](Dictionary& d) {
    d.SetValue("FORM_ACTION", login_action(req));
    set_field(d, "username", username, {});
    set_field(d, "password", "", {});
    d.SetValue("REMEMBER_CHECKED", remember ? "checked" : "");
    d.ShowSection("RESET_LINK");
    if (!form_error.empty()) {
      set_form_error(d, form_error);
    }
  });
}

http::Response AuthHandlers::login_form(http::Request& req) {
  if (require_session(req).logged_in()) {
    return http::redirect_response(safe_next(next_param(req)));
  }
  return render_login(req, http::Status::ok, "", false, "");
}

http::Response AuthHandlers::login(http::Request& req) {
  auto& session = require_session(req);
  const std::string username = req.form_field("username");
  const std::string password = req.form_field("password");
  const bool remember = !req.form_field("remember_me").empty();
  if (username.empty() || password.empty()) {
    return render_login(req, http::Status::ok, username, remember,
                        "Please enter your username and password.");
  }
  const auto result = accounts_.authenticate(username, password, req.client_ip);
  switch (result.kind) {
    case services::LoginResult::Kind::throttled: {
      auto res =
          render_login(req, http::Status::too_many_requests, username, remember,
                       "Too many failed sign-in attempts. Please wait " +
                           std::to_string(result.retry_after_seconds) + " seconds and try again.");
      res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
      return res;
    }
    case services::LoginResult::Kind::invalid:
      // One message for both cases: it must not tell which of the two was wrong.
      return render_login(req, http::Status::ok, username, remember,
                          "Invalid username or password.");
    case services::LoginResult::Kind::ok:
      break;
  }
  sessions_.log_in(session, result.user_id, result.username, remember, util::now_micros());
  return http::redirect_response(safe_next(next_param(req)));
}

http::Response AuthHandlers::render_register(http::Request& req,
                                             const services::RegistrationInput& in,
                                             const services::FieldErrors& errors) {
  return views_.page(req, http::Status::ok, "Register", "auth/register.tpl", [&](Dictionary& d) {
    d.SetValue("FORM_ACTION", "/auth/register");
    set_field(d, "username", in.username, errors);
    set_field(d, "email", in.email, errors);
    set_field(d, "password", "", errors);
    set_field(d, "password2", "", errors);
  });
}

http::Response AuthHandlers::register_form(http::Request& req) {
  if (require_session(req).logged_in()) {
    return http::redirect_response("/index");
  }
  return render_register(req, {}, {});
}

http::Response AuthHandlers::register_user(http::Request& req) {
  auto& session = require_session(req);
  if (session.logged_in()) {
    return http::redirect_response("/index");
  }
  const services::RegistrationInput in{req.form_field("username"), req.form_field("email"),
                                       req.form_field("password"), req.form_field("password2")};
  const auto result = accounts_.register_user(in);
  if (!result.errors.empty()) {
    return render_register(req, in, result.errors);
  }
  sessions_.add_flash(session, "success", "Welcome to Microblog! Your account is ready: sign in.");
  return http::redirect_response("/auth/login");
}

http::Response AuthHandlers::logout_confirm(http::Request& req) {
  if (!require_session(req).logged_in()) {
    return http::redirect_response("/index");
  }
  return views_.page(req, http::Status::ok, "Log out", "auth/logout.tpl", {});
}

http::Response AuthHandlers::logout(http::Request& req) {
  auto& session = require_session(req);
  sessions_.log_out(session);
  sessions_.add_flash(session, "info", "You have been signed out.");
  return http::redirect_response("/auth/login");
}

http::Response AuthHandlers::render_change_password(http::Request& req,
                                                    const services::FieldErrors& errors) {
  return views_.page(req, http::Status::ok, "Change password", "auth/change_password.tpl",
                     [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/auth/change_password");
                       set_field(d, "current_password", "", errors);
                       set_field(d, "password", "", errors);
                       set_field(d, "password2", "", errors);
                     });
}

http::Response AuthHandlers::change_password_form(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  return render_change_password(req, {});
}

http::Response AuthHandlers::change_password(http::Request& req) {
  if (auto redirect = require_login(req, sessions_)) {
    return *redirect;
  }
  auto& session = require_session(req);
  const services::PasswordChange change{req.form_field("current_password"),
                                        req.form_field("password"), req.form_field("password2")};
  const auto errors = accounts_.change_password(session.user_id, change,
                                                services::SessionService::hash_id(session.id));
  if (!errors.empty()) {
    return render_change_password(req, errors);
  }
  sessions_.add_flash(session, "success",
                      "Your password has been changed. Your other sessions have been signed out.");
  return http::redirect_response("/user/" + http::encode_query_value(session.username));
}

}  // namespace microblog::web

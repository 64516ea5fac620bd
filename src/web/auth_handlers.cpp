#include "web/auth_handlers.hpp"

#include "util/clock.hpp"
#include "web/navigation.hpp"

namespace microblog::web {
namespace {

std::string login_action(const http::Request& req) {
  const std::string next = next_param(req);
  return next.empty() ? "/auth/login" : "/auth/login?next=" + http::encode_query_value(next);
}

}  // namespace

AuthHandlers::AuthHandlers(services::AccountService& accounts, services::SessionService& sessions,
                           Views& views)
    : accounts_(accounts), sessions_(sessions), views_(views) {}

void AuthHandlers::register_routes(Routes& routes) {
  auto auth = routes.group("/auth", kSignedOutPages);
  auth.get("/login", [this](Context& c) { return login_form(c); })
      .post("/login", [this](Context& c) { return login(c); })
      .get("/register", [this](Context& c) { return register_form(c); })
      .post("/register", [this](Context& c) { return register_user(c); });
  auth.with(Access::signed_in)
      .get("/logout", [this](Context& c) { return logout_confirm(c); })
      .get("/change_password", [this](Context& c) { return change_password_form(c); })
      .post("/change_password", [this](Context& c) { return change_password(c); });
  // Signing out twice (a second tab) is harmless: it lands on the sign-in page either way.
  auth.with(Access::anyone).post("/logout", [this](Context& c) { return logout(c); });
}

http::Response AuthHandlers::render_login(Context& ctx, http::Status status,
                                          const std::string& username, bool remember,
                                          const std::string& form_error,
                                          const std::string& notice) {
  return views_.page(ctx, status, ctx.t("Sign In"), "auth/login.tpl", [&](Dictionary& d) {
    if (!notice.empty()) {
      d.AddSectionDictionary("NOTICE")->SetValue("MESSAGE", notice);
    }
    d.SetValue("FORM_ACTION", login_action(ctx.req));
    set_field(ctx.language(), d, "username", username, {});
    set_field(ctx.language(), d, "password", "", {});
    d.SetValue("REMEMBER_CHECKED", remember ? "checked" : "");
    d.ShowSection("RESET_LINK");
    if (!form_error.empty()) {
      set_form_error(d, form_error);
    }
  });
}

http::Response AuthHandlers::login_form(Context& ctx) {
  // A next= means the dispatcher sent the visitor here from a page that needs a signed-in
  // user. Said from the address rather than a flash, which would need a stored session.
  return render_login(ctx, http::Status::ok, "", false, "",
                      next_param(ctx.req).empty() ? "" : ctx.t("Please sign in to see this page."));
}

http::Response AuthHandlers::login(Context& ctx) {
  auto& session = ctx.session();
  const std::string username = ctx.req.form_field("username");
  const std::string password = ctx.req.form_field("password");
  const bool remember = !ctx.req.form_field("remember_me").empty();
  if (username.empty() || password.empty()) {
    return render_login(ctx, http::Status::ok, username, remember,
                        ctx.t("Please enter your username and password."));
  }
  // The per-address count goes by client_key: for IPv6 the client's whole /64, all of which
  // one client can usually use.
  const auto result = accounts_.authenticate(username, password, ctx.req.client_key);
  switch (result.kind) {
    case services::LoginResult::Kind::throttled: {
      auto res = render_login(
          ctx, http::Status::too_many_requests, username, remember,
          ctx.tn("Too many failed sign-in attempts. Please wait {n} second and try again.",
                 "Too many failed sign-in attempts. Please wait {n} seconds and try again.",
                 result.retry_after_seconds));
      res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
      return res;
    }
    case services::LoginResult::Kind::invalid:
      // One message for both cases: it must not tell which of the two was wrong.
      return render_login(ctx, http::Status::ok, username, remember,
                          ctx.t("Invalid username or password."));
    case services::LoginResult::Kind::ok:
      break;
  }
  sessions_.log_in(session, result.user_id, result.username, remember, util::now_micros());
  return http::redirect_response(safe_next(next_param(ctx.req)));
}

http::Response AuthHandlers::render_register(Context& ctx, const services::RegistrationInput& in,
                                             const services::FieldErrors& errors,
                                             http::Status status, const std::string& form_error) {
  return views_.page(ctx, status, ctx.t("Register"), "auth/register.tpl", [&](Dictionary& d) {
    d.SetValue("FORM_ACTION", "/auth/register");
    set_field(ctx.language(), d, "username", in.username, errors);
    set_field(ctx.language(), d, "email", in.email, errors);
    set_field(ctx.language(), d, "password", "", errors);
    set_field(ctx.language(), d, "password2", "", errors);
    if (!form_error.empty()) {
      set_form_error(d, form_error);
    }
  });
}

http::Response AuthHandlers::register_form(Context& ctx) {
  return render_register(ctx, {}, {});
}

http::Response AuthHandlers::register_user(Context& ctx) {
  auto& session = ctx.session();
  const services::RegistrationInput in{ctx.req.form_field("username"), ctx.req.form_field("email"),
                                       ctx.req.form_field("password"),
                                       ctx.req.form_field("password2")};
  const auto result = accounts_.register_user(in, ctx.req.client_key);
  if (result.limited) {
    auto res = render_register(
        ctx, in, {}, http::Status::too_many_requests,
        ctx.tn("Too many accounts were registered from your network. Please try again in {n} "
               "minute.",
               "Too many accounts were registered from your network. Please try again in {n} "
               "minutes.",
               (result.retry_after_seconds + 59) / 60));
    res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
    return res;
  }
  if (!result.errors.empty()) {
    return render_register(ctx, in, result.errors);
  }
  sessions_.add_flash(session, "success",
                      ctx.t("Welcome to Microblog! Your account is ready: sign in."));
  return http::redirect_response("/auth/login");
}

http::Response AuthHandlers::logout_confirm(Context& ctx) {
  return views_.page(ctx, http::Status::ok, ctx.t("Log out"), "auth/logout.tpl", {});
}

http::Response AuthHandlers::logout(Context& ctx) {
  auto& session = ctx.session();
  sessions_.log_out(session);
  sessions_.add_flash(session, "info", ctx.t("You have been signed out."));
  return http::redirect_response("/auth/login");
}

http::Response AuthHandlers::render_change_password(Context& ctx,
                                                    const services::FieldErrors& errors,
                                                    http::Status status,
                                                    const std::string& form_error) {
  return views_.page(ctx, status, ctx.t("Change password"), "auth/change_password.tpl",
                     [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/auth/change_password");
                       set_field(ctx.language(), d, "current_password", "", errors);
                       set_field(ctx.language(), d, "password", "", errors);
                       set_field(ctx.language(), d, "password2", "", errors);
                       if (!form_error.empty()) {
                         set_form_error(d, form_error);
                       }
                     });
}

http::Response AuthHandlers::change_password_form(Context& ctx) {
  return render_change_password(ctx, {});
}

http::Response AuthHandlers::change_password(Context& ctx) {
  auto& session = ctx.session();
  const services::PasswordChange change{ctx.req.form_field("current_password"),
                                        ctx.req.form_field("password"),
                                        ctx.req.form_field("password2")};
  const auto result = accounts_.change_password(
      session.user_id, change, services::SessionService::hash_id(session.id), ctx.req.client_key);
  if (result.limited) {
    auto res = render_change_password(
        ctx, {}, http::Status::too_many_requests,
        ctx.tn("Too many attempts to change the password of this account. Please try again in "
               "{n} minute.",
               "Too many attempts to change the password of this account. Please try again in "
               "{n} minutes.",
               (result.retry_after_seconds + 59) / 60));
    res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
    return res;
  }
  if (!result.errors.empty()) {
    return render_change_password(ctx, result.errors);
  }
  sessions_.add_flash(session, "success",
                      ctx.t("Your password has been changed. Your other sessions have been "
                            "signed out."));
  return http::redirect_response("/user/" + http::encode_query_value(session.username));
}

}  // namespace microblog::web

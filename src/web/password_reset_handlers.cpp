#include "web/password_reset_handlers.hpp"

#include "services/account_validation.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace microblog::web {
PasswordResetHandlers::PasswordResetHandlers(services::PasswordResetService& resets,
                                             services::SessionService& sessions, Views& views)
    : resets_(resets), sessions_(sessions), views_(views) {}

void PasswordResetHandlers::register_routes(Routes& routes) {
  routes.group("/auth", kSignedOutPages)
      .get("/reset_password_request", [this](Context& c) { return request_form(c); })
      .post("/reset_password_request", [this](Context& c) { return request_reset(c); })
      // The link only checks its token and trades it for a ticket in the visitor's session:
      // the form's address then holds no token, so neither the Referer of what the form page
      // loads nor the history nor a log line of the form's requests carries it.
      .get("/reset_password/<token>", [this](Context& c) { return open_link(c); })
      .get("/reset_password", [this](Context& c) { return reset_form(c); })
      .post("/reset_password", [this](Context& c) { return reset(c); });
}

http::Response PasswordResetHandlers::render_request(Context& ctx, http::Status status,
                                                     const std::string& email,
                                                     const services::FieldErrors& errors,
                                                     const std::string& form_error) {
  return views_.page(ctx, status, ctx.t("Reset your password"), "auth/reset_password_request.tpl",
                     [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/auth/reset_password_request");
                       set_field(ctx.language(), d, "email", email, errors);
                       if (!form_error.empty()) {
                         set_form_error(d, form_error);
                       }
                     });
}

http::Response PasswordResetHandlers::request_form(Context& ctx) {
  return render_request(ctx, http::Status::ok, "", {}, "");
}

http::Response PasswordResetHandlers::request_reset(Context& ctx) {
  auto& session = ctx.session();
  const std::string email(util::trim(ctx.req.form_field("email")));
  if (auto error = services::check_email_to_find(email)) {
    return render_request(ctx, http::Status::ok, email, {{"email", *error}}, "");
  }
  // Per client_key, like sign-in failures: an IPv6 client's /64 counts as one client.
  const auto result =
      resets_.request(email, ctx.req.client_key, util::now_micros(), ctx.language());
  if (result.kind == services::ResetRequestResult::Kind::ip_limited) {
    // Only the per-address limit must look like success (it would tell which addresses have
    // accounts); a flood from one client address may be told to slow down.
    auto res =
        render_request(ctx, http::Status::too_many_requests, email, {},
                       ctx.tn("Too many reset requests from your network. Please try again in "
                              "{n} minute.",
                              "Too many reset requests from your network. Please try again in "
                              "{n} minutes.",
                              (result.retry_after_seconds + 59) / 60));
    res.set(http::Field::retry_after, std::to_string(result.retry_after_seconds));
    return res;
  }
  sessions_.add_flash(session, "info",
                      ctx.t("Check your email for the instructions to reset your password."));
  return http::redirect_response("/auth/login");
}

http::Response PasswordResetHandlers::unusable_link(Context& ctx, services::TokenState state) {
  std::string title = ctx.t("This link does not work");
  std::string message = ctx.t(
      "This password reset link is not valid. Check that you copied all of it, or ask for "
      "a new one.");
  http::Status status = http::Status::bad_request;
  if (state == services::TokenState::expired) {
    title = ctx.t("This link has expired");
    message = ctx.t("Password reset links work for one hour. Ask for a new one.");
    status = http::Status::gone;
  } else if (state == services::TokenState::used) {
    title = ctx.t("This link was already used");
    message = ctx.t(
        "Each password reset link works once. If you need to reset again, ask for a new one.");
    status = http::Status::gone;
  }
  return views_.page(ctx, status, title, "auth/reset_password_invalid.tpl", [&](Dictionary& d) {
    d.SetValue("TITLE", title);
    d.SetValue("MESSAGE", message);
  });
}

http::Response PasswordResetHandlers::render_reset(Context& ctx,
                                                   const services::FieldErrors& errors) {
  return views_.page(ctx, http::Status::ok, ctx.t("Choose a new password"),
                     "auth/reset_password.tpl", [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/auth/reset_password");
                       set_field(ctx.language(), d, "password", "", errors);
                       set_field(ctx.language(), d, "password2", "", errors);
                     });
}

http::Response PasswordResetHandlers::open_link(Context& ctx) {
  // Checked before anything is stored: a made-up link costs no session row.
  const std::string ticket =
      services::PasswordResetService::ticket_of(ctx.req.path_params["token"]);
  const auto state = resets_.check_ticket(ticket, util::now_micros());
  if (state != services::TokenState::valid) {
    return unusable_link(ctx, state);
  }
  sessions_.set_reset_ticket(ctx.session(), ticket);
  return http::redirect_response("/auth/reset_password");
}

http::Response PasswordResetHandlers::reset_form(Context& ctx) {
  auto& session = ctx.session();
  // No ticket (the form opened without its link, or in another browser): as a bad link.
  const auto state = resets_.check_ticket(session.reset_ticket, util::now_micros());
  if (state != services::TokenState::valid) {
    sessions_.set_reset_ticket(session, "");
    return unusable_link(ctx, state);
  }
  return render_reset(ctx, {});
}

http::Response PasswordResetHandlers::reset(Context& ctx) {
  auto& session = ctx.session();
  const auto result = resets_.reset(session.reset_ticket, ctx.req.form_field("password"),
                                    ctx.req.form_field("password2"), ctx.req.client_key,
                                    util::now_micros(), ctx.language());
  if (result.state != services::TokenState::valid) {
    sessions_.set_reset_ticket(session, "");
    return unusable_link(ctx, result.state);
  }
  if (!result.errors.empty()) {
    return render_reset(ctx, result.errors);
  }
  sessions_.set_reset_ticket(session, "");
  sessions_.add_flash(session, "success",
                      ctx.t("Your password has been reset. Sign in with it now."));
  return http::redirect_response("/auth/login");
}

}  // namespace microblog::web

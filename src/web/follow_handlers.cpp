#include "web/follow_handlers.hpp"

#include <nlohmann/json.hpp>

#include "i18n/fill.hpp"
#include "services/account_validation.hpp"
#include "web/navigation.hpp"
#include "web/post_list.hpp"

namespace microblog::web {

FollowHandlers::FollowHandlers(services::AccountService& accounts,
                               services::SessionService& sessions, services::FollowService& follows,
                               Views& views)
    : accounts_(accounts), sessions_(sessions), follows_(follows), views_(views) {}

void FollowHandlers::register_routes(Routes& routes) {
  using services::Relation;
  routes.group("", kSignedInPages)
      .post("/follow/<username>", [this](Context& c) { return change(c, true); })
      .post("/unfollow/<username>", [this](Context& c) { return change(c, false); })
      .get("/user/<username>/followers",
           [this](Context& c) { return list(c, Relation::followers); })
      .get("/user/<username>/following",
           [this](Context& c) { return list(c, Relation::following); });
}

http::Response FollowHandlers::change(Context& ctx, bool follow) {
  auto& session = ctx.session();
  const std::string& name = ctx.req.path_params["username"];
  const auto r =
      follow ? follows_.follow(session.user_id, name) : follows_.unfollow(session.user_id, name);
  using Kind = services::FollowResult::Kind;
  if (r.kind == Kind::limited) {
    auto res = views_.error(
        ctx, http::Status::too_many_requests,
        ctx.tn("You are following and unfollowing people too often, so nothing was changed. "
               "Please wait {n} second and try again.",
               "You are following and unfollowing people too often, so nothing was changed. "
               "Please wait {n} seconds and try again.",
               r.retry_after_seconds));
    res.set(http::Field::retry_after, std::to_string(r.retry_after_seconds));
    return res;
  }
  // A script's request (Accept: application/json, as popups.js sends) is answered where it
  // stands, in JSON; a form post keeps the flash and the redirect.
  const bool script = http::prefers_json(ctx.req);
  if (r.kind == Kind::not_found) {
    // Only a well-formed name is echoed back; anything else cannot be a user anyway.
    const std::string message =
        services::check_username(name)
            ? ctx.t("That user was not found.")
            : i18n::fill(ctx.t("User {username} not found."), {{"username", name}});
    if (script) {
      return views_.error(ctx, http::Status::not_found, message);
    }
    sessions_.add_flash(session, "warning", message);
    return http::redirect_response("/index");
  }
  std::string category;
  std::string message;
  switch (r.kind) {
    case Kind::self:
      category = "warning";
      message =
          follow ? ctx.t("You cannot follow yourself!") : ctx.t("You cannot unfollow yourself!");
      break;
    case Kind::unchanged:
      category = "info";
      message = i18n::fill(follow ? ctx.t("You are already following {username}.")
                                  : ctx.t("You were not following {username}."),
                           {{"username", r.username}});
      break;
    default:
      category = "success";
      message = i18n::fill(follow ? ctx.t("You are following {username}!")
                                  : ctx.t("You are no longer following {username}."),
                           {{"username", r.username}});
      break;
  }
  if (script) {
    if (r.kind == Kind::self) {
      return views_.error(ctx, http::Status::bad_request, message);
    }
    // Done or unchanged, the reader now follows (or not) as asked.
    const nlohmann::json body = {
        {"username", r.username}, {"following", follow}, {"message", message}};
    auto res = http::json_response(http::Status::ok, body.dump());
    res.set(http::Field::cache_control, "no-store");
    return res;
  }
  sessions_.add_flash(session, category, message);
  return http::redirect_response("/user/" + r.username);
}

http::Response FollowHandlers::list(Context& ctx, services::Relation relation) {
  const auto user = accounts_.find_by_username(ctx.req.path_params["username"]);
  if (!user) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
  }
  const bool followers = relation == services::Relation::followers;
  const auto page = follows_.list(relation, user->id, page_request(ctx.req));
  const std::string heading = i18n::fill(
      followers ? ctx.t("People following {username}") : ctx.t("People {username} follows"),
      {{"username", user->username}});
  return views_.page(ctx, http::Status::ok, heading, "user_list.tpl", [&](Dictionary& d) {
    d.SetValue("HEADING", heading);
    for (const auto& u : page.rows) {
      auto* row = d.AddSectionDictionary("USER");
      row->SetValue("USERNAME", u.username);
      row->SetValue("AVATAR_URL", avatar_url(u.avatar, 48));
    }
    if (page.rows.empty()) {
      d.ShowSection("NO_USERS");
    }
    set_page_links(d, page, "/user/" + user->username + (followers ? "/followers" : "/following"));
  });
}

}  // namespace microblog::web

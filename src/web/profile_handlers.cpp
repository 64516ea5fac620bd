#include "web/profile_handlers.hpp"

#include "util/time_format.hpp"
#include "web/navigation.hpp"
#include "web/post_list.hpp"

namespace microblog::web {
ProfileHandlers::ProfileHandlers(services::AccountService& accounts,
                                 services::SessionService& sessions, CachedPostLists& lists,
                                 Views& views)
    : accounts_(accounts), sessions_(sessions), lists_(lists), views_(views) {}

void ProfileHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages)
      .get("/user/<username>", [this](Context& c) { return profile(c); })
      .get("/edit_profile", [this](Context& c) { return edit_form(c); })
      .post("/edit_profile", [this](Context& c) { return edit(c); });
}

http::Response ProfileHandlers::profile(Context& ctx) {
  const auto& session = ctx.session();
  const auto found = accounts_.profile_for(ctx.req.path_params["username"], session.user_id);
  if (!found) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
  }
  const auto* user = &found->profile;
  const bool own = session.user_id == user->id;
  const bool following = !own && found->followed_by_viewer;
  const auto posts = lists_.by_author(ctx, *user, page_request(ctx.req));
  return views_.page(ctx, http::Status::ok, user->username, "user.tpl", [&](Dictionary& d) {
    d.SetValue("USERNAME", user->username);
    d.SetValue("AVATAR_URL", avatar_url(user->avatar, 256));
    if (!user->about_me.empty()) {
      d.AddSectionDictionary("ABOUT_ME_SEC")->SetValue("ABOUT_ME", user->about_me);
    }
    if (user->last_seen_us > 0) {
      auto* seen = d.AddSectionDictionary("LAST_SEEN_SEC");
      seen->SetValue("LAST_SEEN_ISO", util::iso8601_utc(user->last_seen_us));
      seen->SetValue("LAST_SEEN_TEXT", util::readable_utc(user->last_seen_us));
    }
    // Counted in C++: the plural form depends on the number and the language.
    d.SetValue("FOLLOWERS_TEXT", ctx.tn("{n} follower", "{n} followers", user->follower_count));
    d.SetValue("FOLLOWING_TEXT", ctx.tn("{n} following", "{n} following", user->following_count));
    d.SetValue("POSTS_TEXT", ctx.tn("{n} post", "{n} posts", user->post_count));
    if (own) {
      d.ShowSection("OWN_PROFILE");
    } else {
      d.ShowSection(following ? "UNFOLLOW_FORM" : "FOLLOW_FORM");
      d.ShowSection("SEND_MESSAGE");
    }
    set_post_list(d, posts);
  });
}

http::Response ProfileHandlers::render_edit(Context& ctx, const std::string& username,
                                            const std::string& about_me,
                                            const services::FieldErrors& errors) {
  return views_.page(ctx, http::Status::ok, ctx.t("Edit profile"), "edit_profile.tpl",
                     [&](Dictionary& d) {
                       d.SetValue("FORM_ACTION", "/edit_profile");
                       set_field(ctx.language(), d, "username", username, errors);
                       set_field(ctx.language(), d, "about_me", about_me, errors);
                     });
}

http::Response ProfileHandlers::edit_form(Context& ctx) {
  const auto user = accounts_.find_by_id(ctx.session().user_id);
  if (!user) {
    return views_.error(ctx, http::Status::not_found);
  }
  return render_edit(ctx, user->username, user->about_me, {});
}

http::Response ProfileHandlers::edit(Context& ctx) {
  auto& session = ctx.session();
  const std::string username = ctx.req.form_field("username");
  const std::string about_me = ctx.req.form_field("about_me");
  const auto errors = accounts_.update_profile(session.user_id, username, about_me);
  if (!errors.empty()) {
    return render_edit(ctx, username, about_me, errors);
  }
  const auto user = accounts_.find_by_id(session.user_id);
  if (user) {
    session.username = user->username;
  }
  sessions_.add_flash(session, "success", ctx.t("Your changes have been saved."));
  return http::redirect_response("/edit_profile");
}

}  // namespace microblog::web

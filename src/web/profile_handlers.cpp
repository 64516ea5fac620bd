#include "web/profile_handlers.hpp"

#include "web/navigation.hpp"
#include "web/post_list.hpp"
#include "web/profile_summary.hpp"

namespace microblog::web {
ProfileHandlers::ProfileHandlers(services::AccountService& accounts,
                                 services::SessionService& sessions, CachedPostLists& lists,
                                 Views& views)
    : accounts_(accounts), sessions_(sessions), lists_(lists), views_(views) {}

void ProfileHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages)
      .with(ReadWithSession::profile)
      .get("/user/<username>", [this](Context& c) { return profile(c); });
  routes.group("", kSignedInPages)
      .get("/edit_profile", [this](Context& c) { return edit_form(c); })
      .post("/edit_profile", [this](Context& c) { return edit(c); });
}

http::Response ProfileHandlers::profile(Context& ctx) {
  const auto& session = ctx.session();
  const auto& found = ctx.profile.get();
  if (!found) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
  }
  const auto* user = &found->profile;
  const auto posts = lists_.by_author(ctx, *user, page_request(ctx.req));
  return views_.page(ctx, http::Status::ok, user->username, "user.tpl", [&](Dictionary& d) {
    set_profile_summary(ctx, d, *user, found->followed_by_viewer, 256);
    // One export at a time: while one runs, the bar above says so instead.
    if (ctx.user_id() == user->id && !ctx.export_task.get()) {
      d.ShowSection("EXPORT_FORM");
    }
    d.SetValue("POSTS_TEXT", ctx.tn("{n} post", "{n} posts", user->post_count));
    if (session.user_id != user->id) {
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

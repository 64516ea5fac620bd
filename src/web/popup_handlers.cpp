#include "web/popup_handlers.hpp"

#include "web/profile_summary.hpp"

namespace microblog::web {

PopupHandlers::PopupHandlers(Views& views) : views_(views) {}

void PopupHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages)
      .with(ReadWithSession::profile)
      .get("/user/<username>/popup", [this](Context& c) { return popup(c); });
}

http::Response PopupHandlers::popup(Context& ctx) {
  const auto& found = ctx.profile.get();
  if (!found) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
  }
  return views_.fragment(ctx, "user_popup.tpl", [&](Dictionary& d) {
    set_profile_summary(ctx, d, found->profile, found->followed_by_viewer, 64);
  });
}

}  // namespace microblog::web

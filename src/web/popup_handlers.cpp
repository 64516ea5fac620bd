#include "web/popup_handlers.hpp"

#include "web/profile_summary.hpp"

namespace microblog::web {

PopupHandlers::PopupHandlers(services::AccountService& accounts, Views& views)
    : accounts_(accounts), views_(views) {}

void PopupHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages).get("/user/<username>/popup", [this](Context& c) {
    return popup(c);
  });
}

http::Response PopupHandlers::popup(Context& ctx) {
  const auto found = accounts_.profile_for(ctx.req.path_params["username"], ctx.user_id());
  if (!found) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
  }
  return views_.fragment(ctx, "user_popup.tpl", [&](Dictionary& d) {
    set_profile_summary(ctx, d, found->profile, found->followed_by_viewer, 64);
  });
}

}  // namespace microblog::web

#include "web/export_handlers.hpp"

namespace microblog::web {

ExportHandlers::ExportHandlers(services::ExportService& exports, services::SessionService& sessions)
    : exports_(exports), sessions_(sessions) {}

void ExportHandlers::register_routes(Routes& routes) {
  // A POST with the CSRF token (the original's GET let any page start an export for a visitor).
  routes.group("", kSignedInPages).post("/export_posts", [this](Context& c) { return start(c); });
}

http::Response ExportHandlers::start(Context& ctx) {
  auto& session = ctx.session();
  const auto started = exports_.start(session.user_id, ctx.language());
  if (started.kind == services::ExportStart::Kind::already_running) {
    sessions_.add_flash(session, "warning", ctx.t("An export task is currently in progress."));
  }
  // Names are letters, digits, '.', '-' and '_' (services::check_username): safe in a path.
  return http::redirect_response("/user/" + session.username);
}

}  // namespace microblog::web

#pragma once

#include "services/export_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// POST /export_posts, from the "Export your posts" button of one's own profile: starts the
// background export (services::ExportService) and goes back to the profile, where the progress
// bar every page shows while it runs takes over.
class ExportHandlers {
 public:
  ExportHandlers(services::ExportService& exports, services::SessionService& sessions);
  void register_routes(Routes& routes);

 private:
  http::Response start(Context& ctx);

  services::ExportService& exports_;
  services::SessionService& sessions_;
};

}  // namespace microblog::web

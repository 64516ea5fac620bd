#pragma once

#include <string>

#include "http/static_files.hpp"
#include "services/health_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::web {

// Routes that need no session: /healthz, /readyz, /static/<path>, and, in tests only,
// /_test/hold and /_test/fail.
class SystemHandlers {
 public:
  SystemHandlers(services::HealthService& health, http::StaticFiles& static_files,
                 std::string test_hold_dir);
  void register_routes(Routes& routes);

 private:
  http::Response healthz(Context& ctx);
  http::Response readyz(Context& ctx);
  http::Response static_file(Context& ctx);
  http::Response test_hold(Context& ctx);

  services::HealthService& health_;
  http::StaticFiles& static_files_;
  std::string test_hold_dir_;
};

}  // namespace microblog::web

#include "web/system_handlers.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "util/fifo.hpp"

namespace microblog::web {

SystemHandlers::SystemHandlers(services::HealthService& health, http::StaticFiles& static_files,
                               std::string test_hold_dir)
    : health_(health), static_files_(static_files), test_hold_dir_(std::move(test_hold_dir)) {}

void SystemHandlers::register_routes(Routes& routes) {
  // Probes and assets: no session is read or written, so they never touch the session table.
  auto open = routes.group("", kPublic);
  open.get("/healthz", [this](Context& c) { return healthz(c); })
      .get("/readyz", [this](Context& c) { return readyz(c); })
      .get("/static/<path:file>", [this](Context& c) { return static_file(c); });
  if (!test_hold_dir_.empty()) {
    open.get("/_test/hold", [this](Context& c) { return test_hold(c); });
    // A route that always fails, for the error-report tests.
    open.get("/_test/fail", [](Context& /*c*/) -> http::Response {
      throw std::runtime_error("deliberate failure for the tests");
    });
  }
}

http::Response SystemHandlers::healthz(Context& /*ctx*/) {
  auto res = http::json_response(http::Status::ok, R"({"status":"ok"})");
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response SystemHandlers::readyz(Context& /*ctx*/) {
  nlohmann::json body;
  http::Status status = http::Status::ok;
  switch (health_.readiness()) {
    case services::Readiness::ready:
      body = {{"status", "ready"}};
      break;
    case services::Readiness::schema_behind:
      body = {{"status", "unavailable"},
              {"reason", "database schema is behind: run 'microblog db upgrade'"}};
      break;
    case services::Readiness::schema_ahead:
      body = {{"status", "unavailable"},
              {"reason",
               "database schema is newer than this build, with a migration that is not an "
               "expand one"}};
      break;
    case services::Readiness::unreachable:
      body = {{"status", "unavailable"}, {"reason", "database unreachable"}};
      break;
  }
  if (body["status"] != "ready") {
    status = http::Status::service_unavailable;
  }
  auto res = http::json_response(status, body.dump());
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response SystemHandlers::static_file(Context& ctx) {
  if (auto res = static_files_.serve(ctx.req.path_params["file"], ctx.req)) {
    return std::move(*res);
  }
  return http::make_response(http::Status::not_found, "Not Found\n", "text/plain; charset=utf-8");
}

http::Response SystemHandlers::test_hold(Context& /*ctx*/) {
  // Lets a test hold a request in flight for as long as it likes, without sleeping: the
  // handler announces itself on one FIFO and waits for a byte on another.
  util::fifo_handshake(test_hold_dir_ + "/entered", test_hold_dir_ + "/release");
  return http::make_response(http::Status::ok, "released\n", "text/plain; charset=utf-8");
}

}  // namespace microblog::web

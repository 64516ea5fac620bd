#include "web/system_handlers.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "db/migrations.hpp"
#include "util/fifo.hpp"

namespace microblog::web {

SystemHandlers::SystemHandlers(db::Database& db, http::StaticFiles& static_files,
                               std::string test_hold_dir)
    : db_(db), static_files_(static_files), test_hold_dir_(std::move(test_hold_dir)) {}

void SystemHandlers::register_routes(http::Router& router) {
  using http::Verb;
  router.add(Verb::get, "/healthz", [this](http::Request& r) { return healthz(r); });
  router.add(Verb::get, "/readyz", [this](http::Request& r) { return readyz(r); });
  router.add(Verb::get, "/static/<path:file>", [this](http::Request& r) { return static_file(r); });
  if (!test_hold_dir_.empty()) {
    router.add(Verb::get, "/_test/hold", [this](http::Request& r) { return test_hold(r); });
    // A route that always fails, for the error-report tests.
    router.add(Verb::get, "/_test/fail", [](http::Request& /*r*/) -> http::Response {
      throw std::runtime_error("deliberate failure for the tests");
    });
  }
}

http::Response SystemHandlers::healthz(http::Request& /*req*/) {
  auto res = http::json_response(http::Status::ok, R"({"status":"ok"})");
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response SystemHandlers::readyz(http::Request& /*req*/) {
  nlohmann::json body;
  http::Status status = http::Status::ok;
  try {
    const auto schema = db::schema_status(db_);
    if (schema == db::SchemaStatus::current) {
      body = {{"status", "ready"}};
    } else {
      status = http::Status::service_unavailable;
      body = {{"status", "unavailable"},
              {"reason", schema == db::SchemaStatus::behind
                             ? "database schema is behind: run 'microblog db upgrade'"
                             : "database schema is newer than this build"}};
    }
  } catch (const std::exception& e) {
    status = http::Status::service_unavailable;
    body = {{"status", "unavailable"}, {"reason", "database unreachable"}};
  }
  auto res = http::json_response(status, body.dump());
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response SystemHandlers::static_file(http::Request& req) {
  if (auto res = static_files_.serve(req.path_params["file"], req)) {
    return std::move(*res);
  }
  return http::make_response(http::Status::not_found, "Not Found\n", "text/plain; charset=utf-8");
}

http::Response SystemHandlers::test_hold(http::Request& /*req*/) {
  // Lets a test hold a request in flight for as long as it likes, without sleeping: the
  // handler announces itself on one FIFO and waits for a byte on another.
  util::fifo_handshake(test_hold_dir_ + "/entered", test_hold_dir_ + "/release");
  return http::make_response(http::Status::ok, "released\n", "text/plain; charset=utf-8");
}

}  // namespace microblog::web

#include "app/application.hpp"

#include <fmt/format.h>

#include "db/migrations.hpp"

namespace microblog::app {

void ensure_schema_current(db::Database& db) {
  auto conn = db.connect();
  const int current = db::current_schema_version(conn);
  const int latest = db::latest_known_version(db.dialect());
  if (current < latest) {
    throw std::runtime_error(fmt::format(
        "database schema is at version {} but this build needs {}: run 'microblog db upgrade'",
        current, latest));
  }
  if (current > latest) {
    throw std::runtime_error(fmt::format(
        "database schema version {} is newer than this build knows ({}): refusing to start; "
        "deploy a newer build",
        current, latest));
  }
}

Application::Application(config::Config config)
    : config_(std::move(config)),
      db_(std::make_unique<db::Database>(db::parse_database_url(config_.database_url),
                                         static_cast<std::size_t>(config_.db_pool_size))),
      hasher_(config_.argon2_opslimit, config_.argon2_memlimit_kib * 1024,
              config_.password_hash_concurrency),
      throttle_(*db_, config_.login_failures_per_account, config_.login_failures_per_ip),
      accounts_(*db_, hasher_, throttle_),
      sessions_(*db_, config_.secret_key, config_.session_idle_hours, config_.remember_days),
      posts_(*db_, config_.posts_per_page),
      follows_(*db_, config_.posts_per_page),
      views_(config_.templates_dir, sessions_),
      static_files_(config_.static_dir),
      system_handlers_(*db_, static_files_, config_.test_hold_dir),
      auth_handlers_(accounts_, sessions_, views_),
      profile_handlers_(accounts_, sessions_, posts_, follows_, views_),
      home_handlers_(sessions_, posts_, views_),
      follow_handlers_(accounts_, sessions_, follows_, views_) {
  ensure_schema_current(*db_);
  system_handlers_.register_routes(system_router_);
  auth_handlers_.register_routes(router_);
  profile_handlers_.register_routes(router_);
  home_handlers_.register_routes(router_);
  follow_handlers_.register_routes(router_);

  pipeline_.use(web::request_log(config_.trust_proxy));
  pipeline_.use(web::error_guard(views_, {}));
  pipeline_.use(web::security_headers());
  pipeline_.use([this](http::Request& req, const http::Next& next) {
    // Probes and assets: no session, no CSRF, no database unless they need it.
    const auto m = system_router_.match(req);
    if (m.handler != nullptr) {
      return (*m.handler)(req);
    }
    if (m.path_known) {
      return method_not_allowed(req, m.allowed);
    }
    return next(req);
  });
  pipeline_.use(web::session_middleware(sessions_, accounts_));
  pipeline_.use(web::csrf_protection(sessions_, views_, router_));
  pipeline_.set_endpoint([this](http::Request& req) { return dispatch(req); });
}

http::Response Application::handle(http::Request& req) {
  return pipeline_.handle(req);
}

http::Response Application::dispatch(http::Request& req) {
  const auto m = router_.match(req);
  if (m.handler != nullptr) {
    return (*m.handler)(req);
  }
  if (m.path_known) {
    return method_not_allowed(req, m.allowed);
  }
  return views_.error(req, http::Status::not_found);
}

http::Response Application::method_not_allowed(http::Request& req, const std::string& allowed) {
  auto res = views_.error(req, http::Status::method_not_allowed);
  res.set(http::Field::allow, allowed);
  return res;
}

http::Response Application::server_error_page(http::Status status, const http::Request& req) {
  http::Request copy;
  copy.raw.base() = req.raw.base();
  copy.path = req.path;
  copy.client_ip = req.client_ip;
  copy.secure = req.secure;
  // Logged and answered like any other request, without a session.
  return web::request_log(config_.trust_proxy)(copy, [&](http::Request& r) {
    return web::security_headers()(r, [&](http::Request& r2) { return views_.error(r2, status); });
  });
}

}  // namespace microblog::app

#include "app/application.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "db/migrations.hpp"
#include "jobs/mail_job.hpp"
#include "jobs/test_jobs.hpp"

namespace microblog::app {
namespace {

// MAIL_FROM, else the first of ADMINS (config does that), else no-reply at the site's host.
mail::Address sender(const config::Config& cfg) {
  if (!cfg.mail_from.empty()) {
    return {cfg.mail_from, "Microblog"};
  }
  std::string host = cfg.base_url.substr(cfg.base_url.find("://") + 3);
  host = host.substr(0, host.find_first_of(":/"));
  return {"no-reply@" + host, "Microblog"};
}

std::vector<mail::Address> admins(const config::Config& cfg) {
  std::vector<mail::Address> out;
  for (const auto& a : cfg.admins) {
    out.push_back({a, ""});
  }
  return out;
}

std::string instance_name() {
  char host[64] = {};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", host, ::getpid());
}

// One send must end well within the job's lease, so that a worker taking the job over after
// the lease can never overlap a send still in flight (docs/jobs.md).
std::chrono::seconds send_timeout(const config::Config& cfg) {
  return std::chrono::seconds(std::clamp(cfg.job_lease_seconds / 2, 1, 30));
}

}  // namespace

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
      transport_(mail::make_transport(config_, send_timeout(config_))),
      runner_(*db_, {"", util::seconds(config_.job_lease_seconds),
                     util::seconds(config_.job_retry_base_seconds), util::seconds(3600)}),
      password_resets_(*db_, hasher_,
                       {config_.base_url, sender(config_), config_.reset_requests_per_address,
                        config_.reset_requests_per_ip, config_.job_max_attempts},
                       [this] { runner_.notify(); }),
      error_reporter_(
          *db_,
          {admins(config_), sender(config_), util::seconds(config_.error_mail_interval_seconds),
           instance_name(), config_.job_max_attempts},
          [this] { runner_.notify(); }),
      views_(config_.templates_dir, sessions_),
      post_lists_(posts_, static_cast<std::size_t>(config_.post_list_cache_mb) * 1024 * 1024),
      static_files_(config_.static_dir),
      system_handlers_(*db_, static_files_, config_.test_hold_dir),
      auth_handlers_(accounts_, sessions_, views_),
      password_reset_handlers_(password_resets_, sessions_, views_),
      profile_handlers_(accounts_, sessions_, follows_, post_lists_, views_),
      home_handlers_(sessions_, posts_, post_lists_, views_),
      follow_handlers_(accounts_, sessions_, follows_, views_) {
  ensure_schema_current(*db_);
  system_handlers_.register_routes(system_router_);
  auth_handlers_.register_routes(router_);
  password_reset_handlers_.register_routes(router_);
  profile_handlers_.register_routes(router_);
  home_handlers_.register_routes(router_);
  follow_handlers_.register_routes(router_);

  pipeline_.use(web::request_log(config_.trust_proxy));
  runner_.register_kind(jobs::kSendMail, jobs::send_mail_handler(*transport_));
  if (!config_.test_hold_dir.empty()) {
    runner_.register_kind(
        jobs::kTestHoldMail,
        jobs::hold_then(config_.test_hold_dir, jobs::send_mail_handler(*transport_)));
  }
  if (config_.mail_server.empty() &&
      (config_.mailgun_api_key.empty() || config_.mailgun_domain.empty())) {
    spdlog::info(
        "mail: neither MAIL_SERVER nor MAILGUN_API_KEY/MAILGUN_DOMAIN is set: mail is "
        "written to the {}",
        transport_->describe());
  } else {
    spdlog::info("mail: sending through {}", transport_->describe());
  }

  pipeline_.use(web::error_guard(views_, [this](const http::Request& req, const std::string& what) {
    error_reporter_.report(
        {req.request_id, std::string(req.raw.method_string()), req.route, req.path, what},
        util::now_micros());
  }));
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

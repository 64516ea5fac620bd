#pragma once

#include <memory>

#include "config/config.hpp"
#include "db/database.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "jobs/job_queue.hpp"
#include "mail/transport.hpp"
#include "services/account_service.hpp"
#include "services/error_reporter.hpp"
#include "services/follow_service.hpp"
#include "services/login_throttle.hpp"
#include "services/password_hasher.hpp"
#include "services/password_reset_service.hpp"
#include "services/post_service.hpp"
#include "services/session_service.hpp"
#include "web/auth_handlers.hpp"
#include "web/cached_post_lists.hpp"
#include "web/follow_handlers.hpp"
#include "web/home_handlers.hpp"
#include "web/middleware.hpp"
#include "web/password_reset_handlers.hpp"
#include "web/profile_handlers.hpp"
#include "web/system_handlers.hpp"
#include "web/views.hpp"

namespace microblog::app {

// Opens the database and wires services, handlers and middleware: everything `serve` runs,
// and what the HTTP-level tests start on a free port.
class Application {
 public:
  // Throws db::DatabaseUnavailable when the database cannot be opened and
  // std::runtime_error when its schema is not the one this build knows.
  explicit Application(config::Config config);

  http::Response handle(http::Request& req);
  // For requests the server answers itself (too large, malformed, too slow).
  http::Response server_error_page(http::Status status, const http::Request& req);

  const config::Config& config() const { return config_; }
  db::Database& database() { return *db_; }
  services::AccountService& accounts() { return accounts_; }
  services::SessionService& sessions() { return sessions_; }
  services::PostService& posts() { return posts_; }
  services::FollowService& follows() { return follows_; }
  // The job runner: `serve` and `worker` run it on threads; tests call run_until_idle().
  jobs::Runner& jobs() { return runner_; }
  mail::Transport& mail_transport() { return *transport_; }

 private:
  http::Response dispatch(http::Request& req);
  http::Response method_not_allowed(http::Request& req, const std::string& allowed);

  config::Config config_;
  std::unique_ptr<db::Database> db_;
  services::PasswordHasher hasher_;
  services::LoginThrottle throttle_;
  services::AccountService accounts_;
  services::SessionService sessions_;
  services::PostService posts_;
  services::FollowService follows_;
  std::unique_ptr<mail::Transport> transport_;
  jobs::Runner runner_;
  services::PasswordResetService password_resets_;
  services::ErrorReporter error_reporter_;
  web::Views views_;
  web::CachedPostLists post_lists_;
  http::StaticFiles static_files_;
  web::SystemHandlers system_handlers_;
  web::AuthHandlers auth_handlers_;
  web::PasswordResetHandlers password_reset_handlers_;
  web::ProfileHandlers profile_handlers_;
  web::HomeHandlers home_handlers_;
  web::FollowHandlers follow_handlers_;
  http::Router system_router_;
  http::Router router_;
  http::Pipeline pipeline_;
};

// Refuses to serve a database whose schema is missing migrations or newer than this build.
void ensure_schema_current(db::Database& db);

}  // namespace microblog::app

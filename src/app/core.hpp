#pragma once

#include <memory>

#include "config/config.hpp"
#include "db/database.hpp"
#include "i18n/languages.hpp"
#include "jobs/job_queue.hpp"
#include "mail/transport.hpp"
#include "metrics/registry.hpp"
#include "services/account_service.hpp"
#include "services/activity_recorder.hpp"
#include "services/api_rate_limiter.hpp"
#include "services/api_token_service.hpp"
#include "services/error_reporter.hpp"
#include "services/export_service.hpp"
#include "services/follow_service.hpp"
#include "services/health_service.hpp"
#include "services/login_throttle.hpp"
#include "services/message_service.hpp"
#include "services/notification_service.hpp"
#include "services/password_hasher.hpp"
#include "services/password_reset_service.hpp"
#include "services/post_service.hpp"
#include "services/recent_posts.hpp"
#include "services/search_service.hpp"
#include "services/session_service.hpp"
#include "services/translation_service.hpp"
#include "services/user_directory.hpp"
#include "translation/translator.hpp"
#include "util/templates.hpp"

namespace microblog::app {

// What every command that works on the site's data needs, without the web layer: the
// configuration, the database, the services, the job runner and mail. `serve` puts the web
// application on top; `microblog user ...` and `microblog worker` use it alone.
class Core {
 public:
  // How often noted last-seen times and session expiries are written.
  static constexpr util::Micros kActivityWriteInterval = util::seconds(1);

  // Throws db::DatabaseUnavailable when the database cannot be opened and
  // std::runtime_error when its schema is not the one this build knows.
  explicit Core(config::Config config);
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  const config::Config& config() const { return config_; }
  db::Database& database() { return *db_; }
  // The interface languages, each with its catalog and its translated templates.
  const i18n::Languages& languages() const { return languages_; }
  // The default language's templates.
  const util::Templates& templates() const { return languages_.default_language().templates(); }
  services::AccountService& accounts() { return accounts_; }
  services::SessionService& sessions() { return sessions_; }
  // The REST API's bearer tokens, and its numbered lists of users.
  services::ApiTokenService& api_tokens() { return api_tokens_; }
  services::UserDirectory& user_directory() { return user_directory_; }
  services::ApiRateLimiter& api_limits() { return api_limits_; }
  // Last-seen times and session expiries waiting for their batched write.
  services::ActivityRecorder& activity() { return activity_; }
  services::PostService& posts() { return posts_; }
  services::RecentPosts& recent_posts() { return recent_posts_; }
  services::SearchService& search() { return search_; }
  services::FollowService& follows() { return follows_; }
  services::MessageService& messages() { return messages_; }
  services::NotificationService& notifications() { return notifications_; }
  services::PasswordResetService& password_resets() { return password_resets_; }
  services::ErrorReporter& error_reporter() { return error_reporter_; }
  services::ExportService& exports() { return exports_; }
  services::HealthService& health() { return health_; }
  services::TranslationService& translations() { return translations_; }
  services::PasswordHasher& hasher() { return hasher_; }
  // The job runner: `serve` and `worker` run it on threads; tests call run_until_idle().
  jobs::Runner& jobs() { return runner_; }
  mail::Transport& mail_transport() { return *transport_; }
  // What GET /metrics shows (process figures registered at construction).
  metrics::Registry& metrics() { return metrics_; }

 private:
  config::Config config_;
  metrics::Registry metrics_;
  std::unique_ptr<db::Database> db_;
  i18n::Languages languages_;
  services::PasswordHasher hasher_;
  services::LoginThrottle throttle_;
  services::ActivityRecorder activity_;
  services::AccountService accounts_;
  services::SessionService sessions_;
  services::ApiTokenService api_tokens_;
  services::UserDirectory user_directory_;
  services::ApiRateLimiter api_limits_;
  services::PostService posts_;
  services::RecentPosts recent_posts_;
  services::SearchService search_;
  services::FollowService follows_;
  services::MessageService messages_;
  services::NotificationService notifications_;
  services::HealthService health_;
  std::unique_ptr<mail::Transport> transport_;
  jobs::Runner runner_;
  services::PasswordResetService password_resets_;
  services::ErrorReporter error_reporter_;
  services::ExportService exports_;
  std::unique_ptr<translation::Translator> translator_;  // null when none is configured
  services::TranslationService translations_;
};

// The translation service TRANSLATOR (config) names, or null when none is configured.
std::unique_ptr<translation::Translator> make_translator(const config::Config& cfg);

// Refuses to serve a database whose schema is missing migrations, or is newer than this build
// with a newer migration that is not an expand one (docs/migrations.md). A schema newer only by
// expand migrations is served, with a warning.
void ensure_schema_current(db::Database& db);

}  // namespace microblog::app

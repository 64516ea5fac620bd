#include "app/core.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "app/counted_transport.hpp"
#include "db/migrations.hpp"
#include "jobs/mail_job.hpp"
#include "jobs/test_jobs.hpp"
#include "metrics/deploy_marker.hpp"
#include "metrics/process_metrics.hpp"
#include "util/fifo.hpp"

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

// Test support: with MICROBLOG_TEST_HOLD_DIR holding the FIFOs export-entered and
// export-release, an export waits after its first page until the test lets it go.
std::function<void()> export_hold(const std::string& dir) {
  if (dir.empty()) {
    return {};
  }
  return [dir] {
    std::error_code ec;
    if (std::filesystem::is_fifo(dir + "/export-entered", ec)) {
      util::fifo_handshake(dir + "/export-entered", dir + "/export-release");
    }
  };
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

// microblog_rate_limited_total{limit}: made while wiring, so that counting is an atomic add.
metrics::Counter* refusals(metrics::Registry& registry, const char* limit) {
  return &registry.counter("microblog_rate_limited_total",
                           "Actions refused by a rate limit or a sign-in throttle, by limit",
                           {{"limit", limit}});
}

}  // namespace

std::unique_ptr<translation::Translator> make_translator(const config::Config& cfg) {
  const std::chrono::seconds timeout(cfg.translation_timeout_seconds);
  if (cfg.translator == "microsoft") {
    return translation::make_microsoft(
        {cfg.ms_translator_key, cfg.ms_translator_region, cfg.ms_translator_url, timeout});
  }
  if (cfg.translator == "deepl") {
    return translation::make_deepl({cfg.deepl_api_key, cfg.deepl_api_url, timeout});
  }
  if (cfg.translator == "libretranslate") {
    return translation::make_libretranslate(
        {cfg.libretranslate_url, cfg.libretranslate_api_key, timeout});
  }
  return nullptr;
}

void ensure_schema_current(db::Database& db) {
  const auto state = db::schema_state(db);
  switch (state.status) {
    case db::SchemaStatus::current:
      return;
    case db::SchemaStatus::behind:
      throw std::runtime_error(fmt::format(
          "database schema is at version {} but this build needs {}: run 'microblog db upgrade'",
          state.current, state.latest));
    case db::SchemaStatus::ahead_compatible: {
      std::vector<std::string> names;
      for (const auto& m : state.newer) {
        names.push_back(m.name);
      }
      spdlog::warn(
          "database schema version {} is newer than this build knows ({}); serving it, as every "
          "newer migration is an expand migration: {}",
          state.current, state.latest, fmt::join(names, ", "));
      return;
    }
    case db::SchemaStatus::ahead:
      break;
  }
  std::vector<std::string> refused;
  for (const auto& m : state.newer) {
    if (m.kind != "expand") {
      refused.push_back(fmt::format("{} ({})", m.name, m.kind));
    }
  }
  throw std::runtime_error(fmt::format(
      "database schema version {} is newer than this build knows ({}) and not every newer "
      "migration is an expand migration: {}; refusing to start, as this build may rely on what "
      "they changed (docs/migrations.md); deploy a newer build",
      state.current, state.latest, fmt::join(refused, ", ")));
}

Core::Core(config::Config config)
    : config_(std::move(config)),
      db_(std::make_unique<db::Database>(db::parse_database_url(config_.database_url),
                                         static_cast<std::size_t>(config_.db_pool_size),
                                         &metrics_)),
      languages_(config_.languages, config_.locale_dir, config_.templates_dir),
      hasher_({config_.argon2_opslimit, config_.argon2_memlimit_kib * 1024,
               config_.password_hash_concurrency, config_.password_hash_queue,
               std::chrono::seconds(config_.password_hash_wait_seconds), config_.test_hold_dir}),
      throttle_(*db_, config_.login_failures_per_account, config_.login_failures_per_ip),
      activity_(*db_, kActivityWriteInterval),
      accounts_(*db_, hasher_, throttle_, activity_,
                {config_.registrations_per_ip, config_.password_changes_per_account,
                 refusals(metrics_, "registration"), refusals(metrics_, "password_change"),
                 refusals(metrics_, "login"),
                 &metrics_.counter("microblog_signin_failures_total",
                                   "Sign-ins refused for a wrong name or password (the form and "
                                   "the API's Basic credentials)")}),
      sessions_(*db_, activity_, config_.secret_key, config_.session_idle_hours,
                config_.remember_days, config_.batch_session_reads),
      api_tokens_(*db_, accounts_),
      user_directory_(*db_),
      api_limits_(*db_,
                  {config_.api_requests_per_token_per_minute, util::seconds(60),
                   refusals(metrics_, "api_token")},
                  {config_.api_requests_per_ip_per_minute, util::seconds(60),
                   refusals(metrics_, "api_ip")}),
      posts_(*db_, config_.posts_per_page,
             {config_.posts_per_user_per_minute, util::seconds(60), refusals(metrics_, "posts")}),
      recent_posts_(*db_, static_cast<std::size_t>(config_.recent_posts)),
      search_(*db_, config_.posts_per_page),
      follows_(
          *db_, config_.posts_per_page,
          {config_.follows_per_user_per_minute, util::seconds(60), refusals(metrics_, "follows")}),
      messages_(*db_, config_.posts_per_page,
                {config_.messages_per_user_per_minute, util::seconds(60),
                 refusals(metrics_, "messages")}),
      notifications_(*db_),
      health_(*db_),
      transport_(std::make_unique<CountedTransport>(
          mail::make_transport(config_, send_timeout(config_)), metrics_)),
      runner_(*db_,
              {"", util::seconds(config_.job_lease_seconds),
               util::seconds(config_.job_retry_base_seconds), util::seconds(3600), &metrics_}),
      password_resets_(*db_, hasher_, languages_,
                       {config_.base_url, sender(config_), config_.reset_requests_per_address,
                        config_.reset_requests_per_ip, config_.job_max_attempts,
                        refusals(metrics_, "password_reset")},
                       [this] { runner_.notify(); }),
      error_reporter_(
          *db_, templates(),
          {admins(config_), sender(config_), util::seconds(config_.error_mail_interval_seconds),
           instance_name(), config_.job_max_attempts},
          [this] { runner_.notify(); }),
      exports_(
          *db_, languages_, *transport_,
          {sender(config_), config_.job_max_attempts, 1000, "", export_hold(config_.test_hold_dir)},
          [this] { runner_.notify(); }),
      translator_(make_translator(config_)),
      translations_(*db_, translator_.get(),
                    {{config_.translations_per_user_per_minute, util::seconds(60),
                      refusals(metrics_, "translations")},
                     config_.translation_concurrency,
                     std::chrono::seconds(config_.translation_timeout_seconds)}) {
  ensure_schema_current(*db_);
  metrics::register_process_metrics(metrics_, MICROBLOG_VERSION, MICROBLOG_COMMIT);
  metrics::register_deploy_marker(metrics_, MICROBLOG_VERSION, MICROBLOG_COMMIT,
                                  config_.deploy_color, config_.deploy_timestamp);
  runner_.register_kind(jobs::kSendMail, jobs::send_mail_handler(*transport_));
  runner_.register_kind(services::kExportPostsJob,
                        [this](jobs::JobContext& ctx) { exports_.run(ctx); });
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
  if (translator_) {
    spdlog::info("translation: through {}", translator_->describe());
  } else {
    spdlog::info(
        "translation: no service configured (MS_TRANSLATOR_KEY, DEEPL_API_KEY or "
        "LIBRETRANSLATE_URL): the Translate links answer that it is not configured");
  }
}

}  // namespace microblog::app

#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace microblog::config {

// A configuration value that cannot be used; what() is one line meant for the operator.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything the process reads from its environment (12-factor). README lists every variable.
struct Config {
  // Keys and storage
  std::string secret_key;
  bool secret_key_generated = false;  // no SECRET_KEY given: a random one for this process only
  std::string database_url = "sqlite:///microblog.db";
  int db_pool_size = 8;
  bool batch_session_reads = false;  // concurrent requests' sessions in one statement
  bool fair_request_order = true;    // each request to the back of the queue before its handler

  // HTTP server
  std::string listen = "127.0.0.1:5000";
  int web_threads = 4;         // run the requests that may change something (POST, ...)
  int connection_threads = 2;  // hold the connections; run the requests that only read
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  int read_timeout_seconds = 15;
  int keepalive_timeout_seconds = 60;
  int shutdown_grace_seconds = 20;
  // Peers whose X-Forwarded-For / X-Forwarded-Proto / X-Request-Id are believed: addresses and
  // CIDR ranges, comma-separated, parsed by http::server_options (like LISTEN).
  std::string trusted_proxies;
  bool trust_proxy = false;         // adds loopback (127.0.0.0/8, ::1) to trusted_proxies
  std::size_t max_connections = 0;  // 0: as many as RLIMIT_NOFILE leaves room for
  std::size_t max_form_fields = 100;
  std::string templates_dir;
  std::string static_dir;
  // Compiled message catalogs: <locale_dir>/<code>/LC_MESSAGES/microblog.mo.
  std::string locale_dir;
  // The interface languages offered (LANGUAGES), ISO 639-1 codes, the first the default.
  std::vector<std::string> languages = {"en", "es"};

  // Sessions, passwords, rate limits
  int session_idle_hours = 24;
  int remember_days = 30;
  unsigned long long argon2_opslimit = 2;       // libsodium OPSLIMIT_INTERACTIVE
  std::size_t argon2_memlimit_kib = 64 * 1024;  // libsodium MEMLIMIT_INTERACTIVE
  // Hashing holds a request thread per hash running or waiting: by default together at most
  // half of WEB_THREADS, so that the other half keeps serving pages and probes.
  int password_hash_concurrency = 1;
  int password_hash_queue = 1;
  int password_hash_wait_seconds = 5;  // a waiting hash not started by then is answered 503
  int login_failures_per_account = 5;
  int login_failures_per_ip = 20;
  // Writes one user may make per minute, counted across instances: a person never gets near,
  // a script does (and the benchmark, which posts in a loop as one user, raises them).
  int posts_per_user_per_minute = 10;
  int follows_per_user_per_minute = 30;   // follows and unfollows together
  int messages_per_user_per_minute = 10;  // private messages sent
  // REST API requests a minute, per bearer token and per client address (docs/api.md).
  int api_requests_per_token_per_minute = 300;
  int api_requests_per_ip_per_minute = 600;
  // Origins whose scripts may call the API from a browser (CORS); none unless configured.
  std::vector<std::string> cors_origins;
  int registrations_per_ip = 10;         // per hour; more get 429
  int password_changes_per_account = 5;  // per hour; more get 429

  // Content
  int posts_per_page = 25;
  // Rendered post lists and rendered posts kept in memory, half each; 0 turns both off.
  int post_list_cache_mb = 32;
  // The site's newest posts each instance keeps in memory, from which home timelines and explore
  // are cut (services::RecentPosts); 0 reads every list from the database.
  int recent_posts = 8192;

  // Mail and operators
  std::vector<std::string> admins;
  std::string mail_from;
  std::string mail_server;
  int mail_port = 25;
  bool mail_use_tls = false;
  std::string mail_username;
  std::string mail_password;
  std::string mailgun_api_key;
  std::string mailgun_domain;
  std::string mailgun_api_url = "https://api.mailgun.net";
  std::string mail_outbox_dir = "outbox";
  // Absolute links in mails (reset links): the site's public address, without a trailing '/'.
  std::string base_url = "http://127.0.0.1:5000";
  int reset_requests_per_address = 3;     // per hour; more get the same answer but no mail
  int reset_requests_per_ip = 20;         // per hour; more get 429
  int error_mail_interval_seconds = 600;  // one report per distinct error per interval

  // Post translation: which provider ("" when none is configured), its key and address. The
  // addresses are settable so that tests (and self-hosted LibreTranslate) point elsewhere.
  std::string translator;  // "", "microsoft", "deepl" or "libretranslate"
  std::string ms_translator_key;
  std::string ms_translator_region;
  std::string ms_translator_url = "https://api.cognitive.microsofttranslator.com";
  std::string deepl_api_key;
  std::string deepl_api_url;  // "": api-free.deepl.com for a free key (":fx"), else api.deepl.com
  std::string libretranslate_url;
  std::string libretranslate_api_key;
  int translation_timeout_seconds = 10;       // connecting and the whole call together
  int translations_per_user_per_minute = 10;  // more get 429
  // Outbound calls at once; each holds a request thread, so by default a quarter of them.
  int translation_concurrency = 1;

  // Background jobs (mail, exports)
  int worker_threads = 1;
  bool workers_in_serve = true;     // `serve` runs jobs too; false when `microblog worker` does
  int job_lease_seconds = 60;       // a claimed job is taken over by another worker after this
  int job_poll_ms = 1000;           // how often an idle worker looks for due jobs
  int job_retry_base_seconds = 30;  // first retry delay; doubles per attempt
  int job_max_attempts = 5;

  // Metrics: GET /metrics answers only with "Authorization: Bearer <metrics_token>"; unset, it
  // is a 404 (docs/observability.md).
  std::string metrics_token;
  // When set ("HOST:PORT"), `serve` also listens there and answers GET /metrics without a
  // token, and 404 to anything else: an address only the monitoring network reaches.
  std::string metrics_listen;
  // DogStatsD: the same metrics pushed to a Datadog agent, on when dd_agent_host is set.
  std::string dd_agent_host;
  int dd_dogstatsd_port = 8125;
  int dd_flush_seconds = 10;
  std::string dd_env;                    // tag env:, left out when empty
  std::string dd_service = "microblog";  // tag service:
  std::string dd_version;                // tag version:; empty: the build's version
  std::string dd_tags;                   // more key:value tags, separated by spaces or commas
  // Deploy marker (deploy/bluegreen.sh sets them): microblog_deploy_timestamp_seconds.
  long long deploy_timestamp = 0;  // seconds since the epoch; 0: not started by a deploy
  std::string deploy_color;

  // Logging
  std::string log_format = "json";  // json | text
  std::string log_level = "info";

  // Test support: when set, GET /_test/hold blocks on FIFOs in this folder (SIGTERM tests),
  // GET /_test/fail throws (error mails), the job kind "test.hold_mail" exists and password
  // hashes wait on FIFOs while the folder has "hash-entered" (hashing capacity tests).
  std::string test_hold_dir;
};

using EnvLookup = std::function<const char*(const char*)>;

// Where the page templates and the static files are when TEMPLATES_DIR / STATIC_DIR are not set,
// from the folder of the running executable (docs/architecture.md): an install's
// <exe_dir>/../share/microblog/{templates,static,locale}, or in the build tree, which puts them
// beside the binary, <exe_dir>/{templates,static,locale}. The build tree's are taken only when
// there is no install folder and <exe_dir>/templates exists, so that a broken install names its own
// paths.
struct DataDirs {
  std::string templates_dir;
  std::string static_dir;
  std::string locale_dir;
};
DataDirs data_dirs_beside(const std::filesystem::path& exe_dir);

// Reads the configuration; throws ConfigError naming the variable and what it accepts.
Config load_config(const EnvLookup& env);

// The process environment.
Config load_config_from_environment();

}  // namespace microblog::config

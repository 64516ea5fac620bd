#include "config/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace microblog::config {
namespace {

class Reader {
 public:
  explicit Reader(const EnvLookup& env) : env_(env) {}

  bool has(const char* name) const {
    const char* v = env_(name);
    return v != nullptr && *v != '\0';
  }

  void text(const char* name, std::string& out) const {
    if (has(name)) {
      out = env_(name);
    }
  }

  template <typename Int>
  void number(const char* name, Int& out, Int min, Int max) const {
    if (!has(name)) {
      return;
    }
    const std::string raw = env_(name);
    Int value{};
    const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (ec != std::errc{} || end != raw.data() + raw.size() || value < min || value > max) {
      throw ConfigError(
          fmt::format("{} must be a whole number from {} to {}, got '{}'", name, min, max, raw));
    }
    out = value;
  }

  void flag(const char* name, bool& out) const {
    if (!has(name)) {
      return;
    }
    const std::string v = util::to_lower_ascii(env_(name));
    if (v == "1" || v == "true" || v == "yes" || v == "on") {
      out = true;
    } else if (v == "0" || v == "false" || v == "no" || v == "off") {
      out = false;
    } else {
      throw ConfigError(fmt::format("{} must be true or false, got '{}'", name, env_(name)));
    }
  }

  void list(const char* name, std::vector<std::string>& out) const {
    if (!has(name)) {
      return;
    }
    out.clear();
    std::string_view rest = env_(name);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto item = util::trim(rest.substr(0, comma));
      if (!item.empty()) {
        out.emplace_back(item);
      }
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }

  void choice(const char* name, std::string& out,
              std::initializer_list<const char*> allowed) const {
    if (!has(name)) {
      return;
    }
    const std::string v = env_(name);
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; })) {
      std::string options;
      for (const char* a : allowed) {
        options += options.empty() ? a : fmt::format(", {}", a);
      }
      throw ConfigError(fmt::format("{} must be one of {}, got '{}'", name, options, v));
    }
    out = v;
  }

 private:
  const EnvLookup& env_;
};

// Resolved through /proc/self/exe so that the defaults follow the binary wherever it is started
// from; without /proc, the working directory stands in.
std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(".") : exe.parent_path();
}

// LANGUAGES: comma-separated ISO 639-1 codes ("en,es"), no repeats.
void read_languages(const Reader& r, std::vector<std::string>& out) {
  std::string raw;
  r.text("LANGUAGES", raw);
  if (raw.empty()) {
    return;
  }
  std::vector<std::string> codes;
  std::string_view rest = raw;
  while (true) {
    const auto comma = rest.find(',');
    const std::string code(util::trim(rest.substr(0, comma)));
    const bool valid = code.size() == 2 && std::all_of(code.begin(), code.end(),
                                                       [](char c) { return c >= 'a' && c <= 'z'; });
    if (!valid || std::find(codes.begin(), codes.end(), code) != codes.end()) {
      throw ConfigError(fmt::format(
          "LANGUAGES must be distinct two-letter lower-case codes separated by commas (like "
          "'en,es'), got '{}'",
          raw));
    }
    codes.push_back(code);
    if (comma == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(comma + 1);
  }
  out = std::move(codes);
}

// TRANSLATOR names the provider; without it, the only one whose settings are given is used.
// Two or more configured and none chosen is refused at start rather than picked silently.
void resolve_translator(const Reader& r, Config& c) {
  const bool microsoft = !c.ms_translator_key.empty();
  const bool deepl = !c.deepl_api_key.empty();
  const bool libre = !c.libretranslate_url.empty();
  r.choice("TRANSLATOR", c.translator, {"microsoft", "deepl", "libretranslate"});
  if (c.translator == "microsoft" && !microsoft) {
    throw ConfigError("TRANSLATOR=microsoft needs MS_TRANSLATOR_KEY");
  }
  if (c.translator == "deepl" && !deepl) {
    throw ConfigError("TRANSLATOR=deepl needs DEEPL_API_KEY");
  }
  if (c.translator == "libretranslate" && !libre) {
    throw ConfigError("TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL");
  }
  if (!c.translator.empty()) {
    return;
  }
  if (static_cast<int>(microsoft) + static_cast<int>(deepl) + static_cast<int>(libre) > 1) {
    throw ConfigError(
        "more than one translation service is configured (MS_TRANSLATOR_KEY, DEEPL_API_KEY, "
        "LIBRETRANSLATE_URL): set TRANSLATOR to microsoft, deepl or libretranslate");
  }
  c.translator = microsoft ? "microsoft" : deepl ? "deepl" : libre ? "libretranslate" : "";
}

void require_http_url(const char* name, const std::string& url) {
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw ConfigError(fmt::format("{} must start with http:// or https://, got '{}'", name, url));
  }
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

}  // namespace

DataDirs data_dirs_beside(const std::filesystem::path& exe_dir) {
  std::error_code ec;
  const auto installed = (exe_dir / ".." / "share" / "microblog").lexically_normal();
  const bool build_tree = !std::filesystem::is_directory(installed, ec) &&
                          std::filesystem::is_directory(exe_dir / "templates", ec);
  const auto base = build_tree ? exe_dir : installed;
  return {(base / "templates").string(), (base / "static").string(), (base / "locale").string()};
}

Config load_config(const EnvLookup& env) {
  Config c;
  const Reader r(env);
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));

  r.text("SECRET_KEY", c.secret_key);
  if (c.secret_key.empty()) {
    c.secret_key = util::random_token();
    c.secret_key_generated = true;
  } else if (c.secret_key.size() < 16) {
    throw ConfigError("SECRET_KEY must be at least 16 characters long");
  }
  r.text("DATABASE_URL", c.database_url);
  // A request thread waits out each database round trip: on MariaDB, across the network, more
  // of them keep the cores busy (bench/readers.sh on 2 cores, 1,000 readers, 20 posts/s: home
  // 6,200 req/s with 4 threads, 9,400 with 16, 8,600 with 32; SQLite 12,900 with 4, 20,900 with
  // 8, 19,700 with 16). docs/performance.md, "Threads and the pool".
  const bool networked_database =
      c.database_url.rfind("mysql://", 0) == 0 || c.database_url.rfind("mariadb://", 0) == 0;
  c.web_threads = std::max(networked_database ? 8 : 4, cores * (networked_database ? 8 : 4));
  r.number("WEB_THREADS", c.web_threads, 1, 256);
  // The threads that read (http::Server) wait for nothing but the database: on SQLite a
  // library call, so two a core keep the cores busy, and more only add memory and preemptions
  // inside SQLite's locks (bench/readers.sh, docs/performance.md, "Threads and the pool").
  c.connection_threads = networked_database ? c.web_threads : std::max(2, 2 * cores);
  r.number("WEB_CONNECTION_THREADS", c.connection_threads, 1, 256);
  // Each thread of either kind holds at most one connection at a time.
  c.db_pool_size = c.web_threads + c.connection_threads + 2;
  r.number("DB_POOL_SIZE", c.db_pool_size, 1, 256);
  // Concurrent requests' sessions read in one statement: on MariaDB a statement a request was
  // most of the database's CPU (docs/performance.md, "Sessions read together"); on SQLite a read
  // is a library call, cheaper than the waiting.
  c.batch_session_reads = networked_database;
  r.flag("DB_BATCH_SESSION_READS", c.batch_session_reads);
  // A request that only reads waits its turn behind those already queued on its connection
  // thread before its handler runs (http::Server). Without it
  // the requests one look at the sockets found were all answered before the next look, so one
  // arriving just after waited for them all: on MariaDB (64 connections) p99 20 ms -> 90-220 ms.
  // On SQLite a single reader's kept pages gained 2-9 % without it, but with the sanitizer
  // build's slower handlers tests/ops/bluegreen_test.sh then got 503 from HAProxy for most
  // requests (the instances logged only 200s). On for both (Config's default); WEB_FAIR_ORDER=false
  // is for measuring.
  r.flag("WEB_FAIR_ORDER", c.fair_request_order);

  r.text("LISTEN", c.listen);
  r.number<std::size_t>("MAX_BODY_BYTES", c.max_body_bytes, 1024, 64 * 1024 * 1024);
  r.number<std::size_t>("MAX_HEADER_BYTES", c.max_header_bytes, 1024, 1024 * 1024);
  r.number("READ_TIMEOUT_SECONDS", c.read_timeout_seconds, 1, 3600);
  r.number("KEEPALIVE_TIMEOUT_SECONDS", c.keepalive_timeout_seconds, 1, 3600);
  r.number("SHUTDOWN_GRACE_SECONDS", c.shutdown_grace_seconds, 0, 3600);
  r.text("TRUSTED_PROXIES", c.trusted_proxies);
  r.flag("TRUST_PROXY", c.trust_proxy);
  r.number<std::size_t>("MAX_CONNECTIONS", c.max_connections, 1, 1024 * 1024);
  r.number<std::size_t>("MAX_FORM_FIELDS", c.max_form_fields, 1, 100000);
  r.text("TEMPLATES_DIR", c.templates_dir);
  r.text("STATIC_DIR", c.static_dir);
  r.text("LOCALE_DIR", c.locale_dir);
  read_languages(r, c.languages);
  if (c.templates_dir.empty() || c.static_dir.empty() || c.locale_dir.empty()) {
    const DataDirs found = data_dirs_beside(executable_dir());
    if (c.templates_dir.empty()) {
      c.templates_dir = found.templates_dir;
    }
    if (c.static_dir.empty()) {
      c.static_dir = found.static_dir;
    }
    if (c.locale_dir.empty()) {
      c.locale_dir = found.locale_dir;
    }
  }

  r.number("SESSION_IDLE_HOURS", c.session_idle_hours, 1, 24 * 365);
  r.number("REMEMBER_DAYS", c.remember_days, 1, 3650);
  r.number<unsigned long long>("ARGON2_OPSLIMIT", c.argon2_opslimit, 1, 100);
  r.number<std::size_t>("ARGON2_MEMLIMIT_KIB", c.argon2_memlimit_kib, 8, 4 * 1024 * 1024);
  // Half the request threads may wait on hashing, half of those with a hash running (each
  // takes a core and ARGON2_MEMLIMIT_KIB): the other half of the threads keeps serving pages
  // and probes through a burst of sign-ins or registrations.
  const int hashing_budget = std::max(1, c.web_threads / 2);
  c.password_hash_concurrency = std::max(1, std::min(cores, hashing_budget / 2));
  r.number("PASSWORD_HASH_CONCURRENCY", c.password_hash_concurrency, 1, 256);
  c.password_hash_queue = std::max(0, hashing_budget - c.password_hash_concurrency);
  r.number("PASSWORD_HASH_QUEUE", c.password_hash_queue, 0, 10000);
  r.number("PASSWORD_HASH_WAIT_SECONDS", c.password_hash_wait_seconds, 1, 3600);
  r.number("LOGIN_FAILURES_PER_ACCOUNT", c.login_failures_per_account, 1, 1000);
  r.number("LOGIN_FAILURES_PER_IP", c.login_failures_per_ip, 1, 100000);
  r.number("POSTS_PER_USER_PER_MINUTE", c.posts_per_user_per_minute, 1, 10000000);
  r.number("FOLLOWS_PER_USER_PER_MINUTE", c.follows_per_user_per_minute, 1, 10000000);
  r.number("MESSAGES_PER_USER_PER_MINUTE", c.messages_per_user_per_minute, 1, 10000000);
  r.number("API_REQUESTS_PER_TOKEN_PER_MINUTE", c.api_requests_per_token_per_minute, 1, 10000000);
  r.number("API_REQUESTS_PER_IP_PER_MINUTE", c.api_requests_per_ip_per_minute, 1, 10000000);
  r.list("CORS_ORIGINS", c.cors_origins);
  r.number("REGISTRATIONS_PER_IP", c.registrations_per_ip, 1, 100000);
  r.number("PASSWORD_CHANGES_PER_ACCOUNT", c.password_changes_per_account, 1, 1000);

  r.number("POSTS_PER_PAGE", c.posts_per_page, 1, 100);
  r.number("POST_LIST_CACHE_MB", c.post_list_cache_mb, 0, 4096);
  r.number("RECENT_POSTS", c.recent_posts, 0, 1000000);

  r.list("ADMINS", c.admins);
  r.text("MAIL_FROM", c.mail_from);
  if (c.mail_from.empty() && !c.admins.empty()) {
    c.mail_from = c.admins.front();
  }
  r.text("MAIL_SERVER", c.mail_server);
  r.number("MAIL_PORT", c.mail_port, 1, 65535);
  r.flag("MAIL_USE_TLS", c.mail_use_tls);
  r.text("MAIL_USERNAME", c.mail_username);
  r.text("MAIL_PASSWORD", c.mail_password);
  r.text("MAILGUN_API_KEY", c.mailgun_api_key);
  r.text("MAILGUN_DOMAIN", c.mailgun_domain);
  r.text("MAILGUN_API_URL", c.mailgun_api_url);
  r.text("MAIL_OUTBOX_DIR", c.mail_outbox_dir);
  r.text("BASE_URL", c.base_url);
  c.base_url = without_trailing_slash(c.base_url);
  if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0) {
    throw ConfigError(
        fmt::format("BASE_URL must start with http:// or https://, got '{}'", c.base_url));
  }
  r.number("RESET_REQUESTS_PER_ADDRESS", c.reset_requests_per_address, 1, 1000);
  r.number("RESET_REQUESTS_PER_IP", c.reset_requests_per_ip, 1, 100000);
  r.number("ERROR_MAIL_INTERVAL_SECONDS", c.error_mail_interval_seconds, 1, 7 * 24 * 3600);

  r.text("MS_TRANSLATOR_KEY", c.ms_translator_key);
  r.text("MS_TRANSLATOR_REGION", c.ms_translator_region);
  r.text("MS_TRANSLATOR_URL", c.ms_translator_url);
  r.text("DEEPL_API_KEY", c.deepl_api_key);
  r.text("DEEPL_API_URL", c.deepl_api_url);
  r.text("LIBRETRANSLATE_URL", c.libretranslate_url);
  r.text("LIBRETRANSLATE_API_KEY", c.libretranslate_api_key);
  c.ms_translator_url = without_trailing_slash(c.ms_translator_url);
  c.deepl_api_url = without_trailing_slash(c.deepl_api_url);
  c.libretranslate_url = without_trailing_slash(c.libretranslate_url);
  require_http_url("MS_TRANSLATOR_URL", c.ms_translator_url);
  require_http_url("DEEPL_API_URL", c.deepl_api_url);
  require_http_url("LIBRETRANSLATE_URL", c.libretranslate_url);
  resolve_translator(r, c);
  r.number("TRANSLATION_TIMEOUT_SECONDS", c.translation_timeout_seconds, 1, 300);
  r.number("TRANSLATIONS_PER_USER_PER_MINUTE", c.translations_per_user_per_minute, 1, 10000000);
  c.translation_concurrency = std::max(1, c.web_threads / 4);
  r.number("TRANSLATION_CONCURRENCY", c.translation_concurrency, 1, 256);

  r.number("WORKER_THREADS", c.worker_threads, 1, 64);
  r.flag("WORKERS_IN_SERVE", c.workers_in_serve);
  r.number("JOB_LEASE_SECONDS", c.job_lease_seconds, 2, 24 * 3600);
  r.number("JOB_POLL_MS", c.job_poll_ms, 10, 600000);
  r.number("JOB_RETRY_BASE_SECONDS", c.job_retry_base_seconds, 1, 24 * 3600);
  r.number("JOB_MAX_ATTEMPTS", c.job_max_attempts, 1, 100);

  r.text("METRICS_TOKEN", c.metrics_token);
  if (!c.metrics_token.empty() && c.metrics_token.size() < 16) {
    throw ConfigError("METRICS_TOKEN must be at least 16 characters (it guards /metrics)");
  }
  r.text("METRICS_LISTEN", c.metrics_listen);
  r.text("DD_AGENT_HOST", c.dd_agent_host);
  r.number("DD_DOGSTATSD_PORT", c.dd_dogstatsd_port, 1, 65535);
  r.number("DD_FLUSH_SECONDS", c.dd_flush_seconds, 1, 3600);
  r.text("DD_ENV", c.dd_env);
  r.text("DD_SERVICE", c.dd_service);
  r.text("DD_VERSION", c.dd_version);
  r.text("DD_TAGS", c.dd_tags);
  r.number("DEPLOY_TIMESTAMP", c.deploy_timestamp, 0LL, 1LL << 40);
  r.text("DEPLOY_COLOR", c.deploy_color);

  r.choice("LOG_FORMAT", c.log_format, {"json", "text"});
  r.choice("LOG_LEVEL", c.log_level, {"trace", "debug", "info", "warn", "error"});

  r.text("MICROBLOG_TEST_HOLD_DIR", c.test_hold_dir);
  return c;
}

Config load_config_from_environment() {
  return load_config([](const char* name) { return std::getenv(name); });
}

}  // namespace microblog::config

#include "cli/commands.hpp"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/build_info.hpp"
#include "app/core.hpp"
#include "app/dogstatsd.hpp"
#include "app/logging.hpp"
#include "cli/metrics_listener.hpp"
#include "cli/translate.hpp"
#include "db/migrations.hpp"
#include "http/server.hpp"
#include "jobs/worker_pool.hpp"
#include "services/search_service.hpp"
#include "services/throttle_cleanup.hpp"
#include "util/crypto.hpp"
#include "web/wording.hpp"

namespace microblog::cli {
namespace {

// Reads a password from standard input: from a terminal with echo off, else the first line.
std::string read_password(const std::string& prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

// Every hour until told to stop: deletes expired sessions and rate-limit counters that no
// longer limit anything.
class Housekeeping {
 public:
  explicit Housekeeping(app::Core& application)
      : thread_([this, &application] { loop(application); }) {}
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;
  ~Housekeeping() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void loop(app::Core& application) {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      const auto now = util::now_micros();
      try {
        const long long n = application.sessions().remove_expired(now);
        if (n > 0) {
          spdlog::info("removed {} expired sessions", n);
        }
      } catch (const std::exception& e) {
        spdlog::warn("session clean-up failed: {}", e.what());
      }
      try {
        const long long n = services::remove_stale_throttles(application.database(), now);
        if (n > 0) {
          spdlog::info("removed {} stale rate-limit counters", n);
        }
      } catch (const std::exception& e) {
        spdlog::warn("rate-limit clean-up failed: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; });
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

int serve(config::Config cfg, const std::string& listen_override) {
  if (!listen_override.empty()) {
    cfg.listen = listen_override;
  }
  const http::Server::Options opt = http::server_options(cfg);
  std::optional<http::ListenAddress> metrics_address;
  if (!cfg.metrics_listen.empty()) {
    metrics_address = http::parse_listen_address(cfg.metrics_listen);
  }
  if (const std::size_t fds = http::descriptor_limit();
      opt.max_connections + http::descriptor_reserve(cfg) > fds) {
    spdlog::warn(
        "{} connections allowed but the process may open only {} files (ulimit -n, systemd "
        "LimitNOFILE): accepting will pause when they run out",
        opt.max_connections, fds);
  }
  if (cfg.secret_key_generated) {
    spdlog::warn(
        "SECRET_KEY is not set: using a random key for this process only; forms open in a "
        "browser stop working after a restart and instances cannot share sessions");
  }
  if (cfg.password_hash_concurrency + cfg.password_hash_queue >= cfg.web_threads) {
    spdlog::warn(
        "PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE ({}) is not below WEB_THREADS ({}): a "
        "burst of sign-ins can hold every request thread, /healthz included",
        cfg.password_hash_concurrency + cfg.password_hash_queue, cfg.web_threads);
  }
  app::Application application(cfg);
  http::Server server(
      opt, [&](http::Request& req) { return application.handle(req); },
      [&](http::Status s, const http::Request& req) {
        return application.server_error_page(s, req);
      });
  server.bind();
  server.stop_on_signals();
  application.count_connections(server);
  // Before the "listening on" line, so that scripts waiting for it find both addresses bound.
  std::unique_ptr<MetricsListener> metrics_listener;
  if (metrics_address) {
    metrics_listener = std::make_unique<MetricsListener>(application, *metrics_address, opt);
    spdlog::info("metrics at http://{}:{}/metrics, without a token", metrics_address->host,
                 metrics_listener->port());
    std::cout << "serving metrics on " << metrics_address->host << ":" << metrics_listener->port()
              << std::endl;
  }
  spdlog::info("Microblog {} listening on http://{}:{} (database {}, at most {} connections)",
               MICROBLOG_VERSION, opt.listen.host, server.port(),
               application.database().url().redacted(), opt.max_connections);
  // The line tests and scripts wait for, on standard output, after the socket is listening.
  std::cout << "listening on " << opt.listen.host << ":" << server.port() << std::endl;
  bool clean = false;
  {
    const Housekeeping housekeeping(application.core());
    // Ended (with a last flush) after the workers and once the server has stopped serving, while
    // everything its metrics read still exists.
    const auto statsd = app::start_dogstatsd(application.core());
    // Declared after the housekeeping and before run(): destroyed first once the server stopped,
    // letting a job in progress finish (its lease bounds how long that takes).
    std::unique_ptr<jobs::WorkerPool> workers;
    if (cfg.workers_in_serve) {
      workers = std::make_unique<jobs::WorkerPool>(application.jobs(), cfg.worker_threads,
                                                   std::chrono::milliseconds(cfg.job_poll_ms));
      spdlog::info("running jobs on {} worker thread(s)", cfg.worker_threads);
    }
    clean = server.run();
  }
  spdlog::info(clean ? "stopped: every request finished" : "stopped: grace period ran out");
  return 0;
}

// Runs jobs until SIGTERM or SIGINT. The signals are blocked in every thread and taken with
// sigwait() here, so no handler runs in the middle of a job.
int worker(const config::Config& cfg) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  app::Core application(cfg);
  int received = 0;
  {
    const auto statsd = app::start_dogstatsd(application);
    const jobs::WorkerPool workers(application.jobs(), cfg.worker_threads,
                                   std::chrono::milliseconds(cfg.job_poll_ms));
    spdlog::info("Microblog {} worker: {} thread(s), database {}", MICROBLOG_VERSION,
                 cfg.worker_threads, application.database().url().redacted());
    // The line tests and scripts wait for, on standard output, once the workers poll.
    std::cout << "worker ready" << std::endl;
    sigwait(&signals, &received);
    spdlog::info("signal {}: stopping after the jobs in progress", received);
  }
  spdlog::info("worker stopped");
  return 0;
}

constexpr int kIndexBatchSize = 1000;

// One line per batch at most every two seconds, and the last one: enough to see a long pass move.
services::IndexProgressFn index_progress_printer(const char* what) {
  return [what, last = std::chrono::steady_clock::time_point{}](
             const services::IndexProgress& p) mutable {
    const auto now = std::chrono::steady_clock::now();
    if (now - last >= std::chrono::seconds(2)) {
      std::cout << what << ": " << p.written << " index rows written, up to post id " << p.last_id
                << " (" << p.total << " posts)" << std::endl;
      last = now;
    }
  };
}

int db_upgrade(const config::Config& cfg) {
  db::Database database(db::parse_database_url(cfg.database_url), 1);
  const auto applied = db::upgrade_schema(database, [](const db::Migration& m) {
    std::cout << "applied migration " << m.version << " (" << m.name << ")" << std::endl;
  });
  {
    auto conn = database.connect();
    std::cout << "database " << database.url().redacted() << " is at schema version "
              << db::current_schema_version(conn) << (applied.empty() ? " (already current)" : "")
              << std::endl;
  }
  // Posts from before the search migration, and those an older release wrote during a deploy,
  // have no search index row: the tokens are made in C++, so no migration can write them.
  services::SearchService search(database, 1);
  const auto done = search.index_missing(kIndexBatchSize, index_progress_printer("search index"));
  std::cout << "search index: " << done.written << " posts without an index row indexed"
            << std::endl;
  return 0;
}

// Rewrites every post's search index row, batch by batch (a transaction each), while the site
// keeps running: after a change to how text becomes tokens, or to repair the index.
int search_reindex(const config::Config& cfg, int batch_size) {
  db::Database database(db::parse_database_url(cfg.database_url), 1);
  app::ensure_schema_current(database);
  services::SearchService search(database, 1);
  const auto t0 = std::chrono::steady_clock::now();
  const auto done = search.reindex(batch_size, index_progress_printer("reindex"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "reindexed " << done.written << " posts in " << std::fixed << std::setprecision(1)
            << seconds << " s" << std::endl;
  return 0;
}

int db_version(const config::Config& cfg) {
  db::Database database(db::parse_database_url(cfg.database_url), 1);
  auto conn = database.connect();
  std::cout << "schema version " << db::current_schema_version(conn) << ", this build knows "
            << db::latest_known_version(database.dialect()) << std::endl;
  return 0;
}

int user_create(const config::Config& cfg, const std::string& username, const std::string& email) {
  app::Core application(cfg);
  const std::string password = read_password("Password: ");
  const auto result = application.accounts().register_user({username, email, password, password});
  if (!result.errors.empty()) {
    for (const auto& [field, problem] : result.errors) {
      std::cerr << "microblog: " << field << ": "
                << web::field_message(application.languages().default_language(), field, problem)
                << std::endl;
    }
    return 1;
  }
  std::cout << "created user " << username << " (id " << result.user_id << ")" << std::endl;
  return 0;
}

int user_set_password(const config::Config& cfg, const std::string& username) {
  app::Core application(cfg);
  const auto user = application.accounts().find_by_username(username);
  if (!user) {
    std::cerr << "microblog: no user named " << username << std::endl;
    return 1;
  }
  const std::string password = read_password("New password: ");
  if (auto error = application.accounts().set_password(user->id, password)) {
    std::cerr << "microblog: password: "
              << web::field_message(application.languages().default_language(), "password", *error)
              << std::endl;
    return 1;
  }
  std::cout << "password changed for " << user->username << "; their sessions were ended"
            << std::endl;
  return 0;
}

// Prints the routes exactly as `serve` registers them: the web application is built for real,
// over a throwaway SQLite database, so that the command needs no database of its own.
int routes(config::Config cfg) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("microblog-routes-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct RemoveDir {
    std::filesystem::path path;
    ~RemoveDir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{dir};
  cfg.database_url = "sqlite:///" + (dir / "routes.db").string();
  cfg.db_pool_size = 1;
  {
    db::Database database(db::parse_database_url(cfg.database_url), 1);
    db::upgrade_schema(database, [](const db::Migration&) {});
  }
  const app::Application application(cfg);
  application.print_routes(std::cout);
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App cli{"Microblog: a social blogging site"};
  cli.require_subcommand(1);
  // What deploy/bluegreen.sh puts in a deploy's event.
  cli.set_version_flag(
      "--version", "microblog " + app::build_version() + " (commit " + app::build_commit() + ")");
  std::string listen;
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the web site");
  serve_cmd->add_option("--listen", listen,
                        "HOST:PORT to listen on (default: LISTEN or 127.0.0.1:5000)");
  auto* worker_cmd = cli.add_subcommand(
      "worker", "Run background jobs (mail) until SIGTERM; `serve` runs them too by default");
  auto* routes_cmd = cli.add_subcommand("routes", "List every route with its method and policy");
  auto* db_cmd = cli.add_subcommand("db", "Database schema");
  db_cmd->require_subcommand(1);
  auto* upgrade_cmd = db_cmd->add_subcommand("upgrade", "Apply missing migrations");
  auto* version_cmd = db_cmd->add_subcommand("version", "Show the schema version");
  auto* user_cmd = cli.add_subcommand("user", "Manage accounts (the password is read from stdin)");
  user_cmd->require_subcommand(1);
  std::string username;
  std::string email;
  auto* create_cmd = user_cmd->add_subcommand("create", "Create an account");
  create_cmd->add_option("--username", username, "User name")->required();
  create_cmd->add_option("--email", email, "Email address")->required();
  auto* setpw_cmd = user_cmd->add_subcommand("set-password", "Set an account's password");
  setpw_cmd->add_option("--username", username, "User name")->required();
  auto* translate_cmd = cli.add_subcommand(
      "translate", "Message catalogs: extract the texts, update the .po files, compile them");
  translate_cmd->require_subcommand(1);
  std::string source_root = ".";
  std::string locale_dir;
  auto* extract_cmd = translate_cmd->add_subcommand(
      "extract", "Write translations/microblog.pot from src/**/*.cpp and templates/**/*.tpl");
  std::string pot_file;
  extract_cmd->add_option(
      "--output", pot_file,
      "Write the catalog template here instead (scripts/check-translations.sh)");
  auto* update_cmd =
      translate_cmd->add_subcommand("update", "Merge microblog.pot into each translations/*.po");
  auto* compile_cmd = translate_cmd->add_subcommand(
      "compile", "Compile each translations/<code>.po to <locale-dir>/<code>/LC_MESSAGES");
  compile_cmd->add_option("--locale-dir", locale_dir,
                          "Where the compiled catalogs go; default: <root>/build/locale");
  for (auto* step : {extract_cmd, update_cmd, compile_cmd}) {
    step->add_option("--root", source_root,
                     "The source tree (src/, templates/, translations/); default: .");
  }

  auto* search_cmd = cli.add_subcommand("search", "The full-text search index of posts");
  search_cmd->require_subcommand(1);
  int batch_size = kIndexBatchSize;
  auto* reindex_cmd = search_cmd->add_subcommand(
      "reindex", "Rebuild every post's index row, in batches, while the site runs");
  reindex_cmd->add_option("--batch-size", batch_size, "Posts per transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  // The catalog tools need neither the configuration nor a database.
  if (translate_cmd->parsed()) {
    try {
      if (extract_cmd->parsed()) {
        translate_extract(
            source_root,
            pot_file.empty() ? default_pot(source_root) : std::filesystem::path(pot_file),
            std::cout);
      } else if (update_cmd->parsed()) {
        translate_update(source_root, std::cout);
      } else if (compile_cmd->parsed()) {
        translate_compile(source_root,
                          locale_dir.empty()
                              ? std::filesystem::path(source_root) / "build" / "locale"
                              : std::filesystem::path(locale_dir),
                          std::cout);
      }
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "microblog: translate: " << e.what() << std::endl;
      return 1;
    }
  }

  try {
    util::init_crypto();
    const config::Config cfg = config::load_config_from_environment();
    // `routes` prints a table on standard output, where the logs go too: only warnings.
    app::init_logging(cfg.log_format, routes_cmd->parsed() ? "warn" : cfg.log_level);
    if (serve_cmd->parsed()) {
      return serve(cfg, listen);
    }
    if (worker_cmd->parsed()) {
      return worker(cfg);
    }
    if (routes_cmd->parsed()) {
      return routes(cfg);
    }
    if (upgrade_cmd->parsed()) {
      return db_upgrade(cfg);
    }
    if (version_cmd->parsed()) {
      return db_version(cfg);
    }
    if (reindex_cmd->parsed()) {
      return search_reindex(cfg, batch_size);
    }
    if (create_cmd->parsed()) {
      return user_create(cfg, username, email);
    }
    if (setpw_cmd->parsed()) {
      return user_set_password(cfg, username);
    }
  } catch (const config::ConfigError& e) {
    std::cerr << "microblog: configuration error: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "microblog: error: " << e.what() << std::endl;
    return 1;
  }
  return 2;
}

}  // namespace microblog::cli

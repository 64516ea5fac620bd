// microblog_bench_seed: fills an empty Microblog database with a deterministic, realistic data
// set for the benchmarks (bench/README.md): users user1..userN sharing one known password,
// `--follows` follows each, posts spread over two years in time order, 10 % in Spanish, and the
// user counters set to match the rows. Same code on SQLite and MariaDB (SOCI).
// `microblog_bench_seed sessions` signs users in without their password (bench/readers.sh).
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "config/config.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "seed/generator.hpp"
#include "seed/sessions.hpp"
#include "seed/writer.hpp"
#include "services/password_hasher.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace {

constexpr const char* kDefaultPassword = "bench-password";

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct SessionsOptions {
  std::string url;
  int first = 1;
  int count = 0;
  long long created_us = 0;  // 0: now
  std::string out;
};

int run_sessions(const SessionsOptions& o) {
  using namespace microblog;
  util::init_crypto();
  const util::Micros now = o.created_us > 0 ? o.created_us : util::now_micros();
  // A year: far enough that the server never extends them (a write per request) during a run.
  const util::Micros lifetime = util::seconds(365LL * 86400);
  db::Database database(db::parse_database_url(o.url), 1);
  db::upgrade_schema(database);
  auto conn = database.connect();
  const auto cookies = bench::create_sessions(conn, o.first, o.count, now, lifetime);
  std::ofstream file(o.out, std::ios::trunc);
  for (const auto& c : cookies) {
    file << c << '\n';
  }
  file.close();
  if (!file) {
    throw std::runtime_error("cannot write " + o.out);
  }
  fmt::print("sessions: user{}..user{} signed in, cookies in {}\n", o.first, o.first + o.count - 1,
             o.out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace microblog;
  CLI::App app{"Fills an empty Microblog database with benchmark data"};
  std::string url;
  std::string password = kDefaultPassword;
  bench::SeedOptions opt;
  bench::WriteOptions wopt;
  bool quiet = false;
  app.add_option("--database-url", url, "sqlite:///path.db or mysql://user:pass@host:port/db");
  bool print_words = false;
  app.add_flag("--print-words", print_words,
               "print the --vocabulary words, most frequent first, and write nothing");
  app.add_option("--users", opt.users, "number of users (user1..userN)")
      ->capture_default_str()
      ->check(CLI::Range(2, 10'000'000));
  app.add_option("--posts", opt.posts, "number of posts")
      ->capture_default_str()
      ->check(CLI::Range(0LL, 1'000'000'000LL));
  app.add_option("--follows", opt.follows, "users each user follows")
      ->capture_default_str()
      ->check(CLI::Range(0, 1'000'000));
  app.add_option("--spanish-percent", opt.spanish_percent, "share of posts in Spanish")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  app.add_option("--years", opt.years, "time span of the posts, ending now")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--seed", opt.seed, "PRNG seed (same seed, same data)")->capture_default_str();
  app.add_option("--vocabulary", opt.vocabulary,
                 "0: post bodies from two fixed word lists; N: from N made-up words with Zipf "
                 "frequencies (search benchmark)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1'000'000));
  app.add_option("--password", password, "every user's password")->capture_default_str();
  app.add_option("--rows-per-transaction", wopt.rows_per_transaction)
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--rows-per-statement", wopt.rows_per_statement)
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_flag("--quiet", quiet, "print only the summary");
  SessionsOptions sopt;
  auto* sessions = app.add_subcommand(
      "sessions", "sign users in: session rows for user<first>.. and their cookies in --out");
  sessions->add_option("--database-url", sopt.url, "the seeded database")->required();
  sessions->add_option("--first", sopt.first, "first user number")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  sessions->add_option("--count", sopt.count, "how many users")
      ->required()
      ->check(CLI::Range(1, 10'000'000));
  sessions
      ->add_option("--created-us", sopt.created_us,
                   "creation time (microseconds); older sessions of these users are deleted")
      ->check(CLI::Range(0LL, 1LL << 62));
  sessions->add_option("--out", sopt.out, "file for the cookie values, one per line")->required();
  CLI11_PARSE(app, argc, argv);

  if (sessions->parsed()) {
    try {
      return run_sessions(sopt);
    } catch (const std::exception& e) {
      fmt::print(stderr, "microblog_bench_seed sessions: {}\n", e.what());
      return 1;
    }
  }

  if (print_words) {
    if (opt.vocabulary <= 0) {
      fmt::print(stderr, "microblog_bench_seed: --print-words needs --vocabulary N\n");
      return 2;
    }
    const bench::Vocabulary vocabulary(opt.seed, opt.vocabulary);
    for (int rank = 1; rank <= vocabulary.size(); ++rank) {
      fmt::print("{}\n", vocabulary.word(rank));
    }
    return 0;
  }
  if (url.empty()) {
    fmt::print(stderr, "microblog_bench_seed: --database-url is required\n");
    return 2;
  }
  try {
    const auto t0 = std::chrono::steady_clock::now();
    opt.now_us = util::now_micros();
    db::Database database(db::parse_database_url(url), 1);
    db::upgrade_schema(database);
    auto conn = database.connect();
    bench::require_empty(conn);

    // One hash at the production cost, reused for every row: logging in costs what it costs
    // in production, and seeding does not spend minutes in argon2.
    const config::Config production;
    services::PasswordHasher hasher(production.argon2_opslimit,
                                    production.argon2_memlimit_kib * 1024, 1);
    const std::string hash = hasher.hash(password);

    auto t = std::chrono::steady_clock::now();
    const bench::Dataset data = bench::generate(opt);
    if (!quiet) {
      fmt::print("generated in {:.2f}s\n", seconds_since(t));
    }

    const auto progress = [quiet, last = std::chrono::steady_clock::now()](
                              const char* table, std::size_t done, std::size_t total) mutable {
      const auto now = std::chrono::steady_clock::now();
      if (!quiet && (done == total || now - last > std::chrono::seconds(2))) {
        fmt::print("  {}: {}/{}\n", table, done, total);
        std::fflush(stdout);
        last = now;
      }
    };
    const auto timed = [&](const char* what, std::size_t rows, const auto& step) {
      const auto s = std::chrono::steady_clock::now();
      step();
      const double secs = seconds_since(s);
      fmt::print("{}: {} rows in {:.2f}s ({:.0f} rows/s)\n", what, rows, secs,
                 secs > 0 ? static_cast<double>(rows) / secs : 0.0);
    };
    timed("users", static_cast<std::size_t>(data.users),
          [&] { bench::write_users(conn, data, hash, wopt, progress); });
    timed("follows", data.follow_follower.size(),
          [&] { bench::write_follows(conn, data, wopt, progress); });
    std::optional<bench::Vocabulary> vocabulary;
    if (opt.vocabulary > 0) {
      vocabulary.emplace(opt.seed, opt.vocabulary);
    }
    timed("posts", data.post_user.size(), [&] {
      bench::write_posts(conn, data, opt.seed, vocabulary ? &*vocabulary : nullptr, wopt, progress);
    });
    bench::finish(conn);
    fmt::print("seeded {} in {:.2f}s: {} users, {} follows, {} posts; password '{}'\n",
               database.url().redacted(), seconds_since(t0), data.users,
               data.follow_follower.size(), data.post_user.size(), password);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "microblog_bench_seed: {}\n", e.what());
    return 1;
  }
}

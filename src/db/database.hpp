#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/database_url.hpp"
#include "db/prepared_statements.hpp"
#include "db/writer_queue.hpp"
#include "util/unavailable.hpp"

namespace microblog::metrics {
class Registry;
}  // namespace microblog::metrics

namespace microblog::db {

// The database cannot be reached or the pool stayed exhausted; pages answer 503/500.
class DatabaseUnavailable : public util::Unavailable {
 public:
  using util::Unavailable::Unavailable;
};

class Database;
struct PoolMetrics;

// A pooled connection, returned to the pool when it goes out of scope.
class Connection {
 public:
  Connection(Database& db, std::size_t slot);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  soci::session& sql() { return *session_; }
  Dialect dialect() const;
  Database& database() { return db_; }

  // Runs `use(T&)` with this connection's prepared statement T (PreparedStatements); if it
  // throws, T is dropped so that the next use prepares it afresh.
  template <typename T, typename Use>
  auto with_prepared(Use&& use) {
    auto& statements = prepared_statements();
    try {
      return use(statements.get<T>(*session_));
    } catch (...) {
      statements.forget<T>();
      throw;
    }
  }

 private:
  PreparedStatements& prepared_statements();

  Database& db_;
  std::size_t slot_;
  soci::session* session_;
  std::chrono::steady_clock::time_point leased_at_;  // how long it is held (metrics)
};

// A write transaction. On SQLite it starts with BEGIN IMMEDIATE: a deferred BEGIN that reads
// and then writes fails with "database is locked" at once when another connection writes
// (SQLite's documented behaviour for deferred transactions). SQLite has one writer at a time, and a
// connection that finds the lock taken polls for it with sleeps of 1 to 100 ms (busy_timeout), so
// this process's writers queue in arrival order before BEGIN instead (WriterQueue): under 64
// concurrent posters that turned 200 ms p99 waits into a short queue. Rolls back unless commit()
// was called.
class Transaction {
 public:
  explicit Transaction(Connection& conn);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  void release_writer();

  Connection& conn_;
  WriterQueue* writer_ = nullptr;  // SQLite only: the queue this transaction holds
  bool open_ = true;
};

class Database {
 public:
  // Opens `pool_size` connections; throws DatabaseUnavailable with a one-line reason. With a
  // `registry`, the pool's use is counted there (microblog_db_pool_*, docs/observability.md).
  Database(DatabaseUrl url, std::size_t pool_size, metrics::Registry* registry = nullptr);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Dialect dialect() const { return url_.dialect; }
  const DatabaseUrl& url() const { return url_; }

  // Leases a connection, waiting at most `timeout`; throws DatabaseUnavailable after that.
  Connection connect(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The leases granted so far: what a request cost the database, in the tests that count its
  // round trips (each lease runs the few statements of one step of a request).
  std::uint64_t leases() const { return leases_.load(std::memory_order_relaxed); }

 private:
  friend class Connection;
  friend class Transaction;
  void prepare_session(soci::session& sql, bool first);
  void give_back(std::size_t slot, std::chrono::steady_clock::time_point leased_at);

  DatabaseUrl url_;
  std::size_t size_;
  soci::connection_pool pool_;
  std::vector<std::chrono::steady_clock::time_point> last_used_;
  std::vector<PreparedStatements> prepared_;  // per slot, used only by its lessee
  std::mutex last_used_mutex_;
  WriterQueue sqlite_writers_;
  std::unique_ptr<PoolMetrics> metrics_;  // null without a registry
  std::atomic<std::uint64_t> leases_{0};
};

}  // namespace microblog::db

#include "db/database.hpp"

#include <fmt/format.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "db/pool_metrics.hpp"
#include "db/sqlite_library.hpp"

namespace microblog::db {
namespace {

constexpr int kSqliteBusyTimeoutMs = 5000;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Connection::Connection(Database& db, std::size_t slot)
    : db_(db),
      slot_(slot),
      session_(&db.pool_.at(slot)),
      leased_at_(std::chrono::steady_clock::now()) {}

Connection::~Connection() {
  db_.give_back(slot_, leased_at_);
}

Dialect Connection::dialect() const {
  return db_.dialect();
}

PreparedStatements& Connection::prepared_statements() {
  return db_.prepared_.at(slot_);
}

Transaction::Transaction(Connection& conn) : conn_(conn) {
  if (conn_.dialect() == Dialect::sqlite) {
    // As long as SQLite's own busy_timeout: a writer that waits longer fails like one that
    // found the database locked, rather than hanging.
    WriterQueue& writers = conn_.database().sqlite_writers_;
    if (!writers.acquire(std::chrono::milliseconds(kSqliteBusyTimeoutMs))) {
      throw DatabaseUnavailable("database is locked: another write took too long");
    }
    writer_ = &writers;
    try {
      conn_.sql() << "BEGIN IMMEDIATE";
    } catch (...) {
      release_writer();
      throw;
    }
  } else {
    conn_.sql() << "START TRANSACTION";
  }
}

Transaction::~Transaction() {
  if (open_) {
    try {
      conn_.sql() << "ROLLBACK";
    } catch (const std::exception&) {
      // The connection may be gone; the server rolls back on its own in that case.
    }
  }
  release_writer();
}

void Transaction::commit() {
  conn_.sql() << "COMMIT";
  open_ = false;
  release_writer();
}

void Transaction::release_writer() {
  if (writer_ != nullptr) {
    writer_->release();
    writer_ = nullptr;
  }
}

Database::Database(DatabaseUrl url, std::size_t pool_size, metrics::Registry* registry)
    : url_(std::move(url)),
      size_(pool_size),
      pool_(pool_size),
      last_used_(pool_size),
      prepared_(pool_size) {
  if (url_.dialect == Dialect::sqlite) {
    configure_sqlite_library();
  }
  const std::string where = url_.redacted();
  for (std::size_t i = 0; i < size_; ++i) {
    try {
      if (url_.dialect == Dialect::sqlite) {
        pool_.at(i).open(soci::sqlite3, url_.soci_connect_string());
      } else {
        pool_.at(i).open(soci::mysql, url_.soci_connect_string());
      }
      prepare_session(pool_.at(i), i == 0);
    } catch (const std::exception& e) {
      std::string reason = url_.scrub(e.what());
      if (const auto nl = reason.find('\n'); nl != std::string::npos) {
        reason.resize(nl);
      }
      throw DatabaseUnavailable(fmt::format("cannot open database {}: {}", where, reason));
    }
    last_used_[i] = std::chrono::steady_clock::now();
  }
  if (registry != nullptr) {
    metrics_ = std::make_unique<PoolMetrics>(*registry, size_);
  }
}

Database::~Database() = default;

void Database::prepare_session(soci::session& sql, bool first) {
  if (url_.dialect == Dialect::sqlite) {
    if (first) {
      // WAL lets readers run while one writer commits; the mode is stored in the file.
      std::string mode;
      sql << "PRAGMA journal_mode=WAL", soci::into(mode);
    }
    sql << "PRAGMA foreign_keys=ON";
    sql << "PRAGMA synchronous=NORMAL";
    sql << "PRAGMA busy_timeout=" + std::to_string(kSqliteBusyTimeoutMs);
  } else {
    sql << "SET time_zone='+00:00'";
    sql << "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'";
  }
}

Connection Database::connect(std::chrono::milliseconds timeout) {
  std::size_t slot = 0;
  const auto asked = std::chrono::steady_clock::now();
  // A lease with no time to wait takes a free connection or fails at once: that tells the
  // checkouts that had to wait from the others, at the cost of a second lease only for them.
  const bool at_once = pool_.try_lease(slot, 0);
  const bool granted = at_once || pool_.try_lease(slot, static_cast<int>(timeout.count()));
  if (metrics_) {
    metrics_->checked_out(!at_once, seconds_since(asked), granted);
  }
  if (!granted) {
    throw DatabaseUnavailable("no database connection free within the time limit");
  }
  leases_.fetch_add(1, std::memory_order_relaxed);
  if (url_.dialect == Dialect::mysql) {
    // A MariaDB connection idle for a while may have been closed by the server (wait_timeout,
    // a restart, a fail-over); check it before use rather than fail the request.
    bool stale = false;
    {
      const std::lock_guard lock(last_used_mutex_);
      stale = std::chrono::steady_clock::now() - last_used_[slot] > std::chrono::seconds(30);
    }
    if (stale) {
      soci::session& sql = pool_.at(slot);
      try {
        if (!sql.is_connected()) {
          prepared_.at(slot).clear();
          sql.reconnect();
          prepare_session(sql, false);
        }
      } catch (const std::exception& e) {
        give_back(slot, asked);
        throw DatabaseUnavailable(
            fmt::format("database {} unreachable: {}", url_.redacted(), url_.scrub(e.what())));
      }
    }
  }
  return Connection(*this, slot);
}

void Database::give_back(std::size_t slot, std::chrono::steady_clock::time_point leased_at) {
  const auto now = std::chrono::steady_clock::now();
  {
    const std::lock_guard lock(last_used_mutex_);
    last_used_[slot] = now;
  }
  if (metrics_) {
    metrics_->given_back(std::chrono::duration<double>(now - leased_at).count());
  }
  pool_.give_back(slot);
}

}  // namespace microblog::db

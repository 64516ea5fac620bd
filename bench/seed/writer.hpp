#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "db/database.hpp"
#include "seed/generator.hpp"

namespace microblog::bench {

struct WriteOptions {
  std::size_t rows_per_transaction = 5000;
  // Rows per INSERT statement (a multi-row VALUES list). SOCI runs a vector use() on MariaDB
  // as one round trip per execution, so grouping rows is what makes it fast there.
  std::size_t rows_per_statement = 100;
};

// Called after each transaction: table name, rows written so far, rows in total.
using Progress = std::function<void(const char* table, std::size_t done, std::size_t total)>;

// Fails unless the database holds no users: the seed gives explicit ids 1..N.
void require_empty(db::Connection& conn);

void write_users(db::Connection& conn, const Dataset& d, const std::string& password_hash,
                 const WriteOptions& opt, const Progress& progress);
void write_follows(db::Connection& conn, const Dataset& d, const WriteOptions& opt,
                   const Progress& progress);
// Writes each post's search index row too (src/search), in the same transaction, as the site
// does. `vocabulary`: the words of the bodies, or nullptr for the two fixed word lists.
void write_posts(db::Connection& conn, const Dataset& d, std::uint64_t seed,
                 const Vocabulary* vocabulary, const WriteOptions& opt, const Progress& progress);

// SQLite: folds the WAL into the main file so that the file can be copied on its own.
void finish(db::Connection& conn);

}  // namespace microblog::bench

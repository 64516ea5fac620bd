#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace microblog::db {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;
};

// The migrations this binary knows for a dialect, in version order.
std::vector<Migration> known_migrations(Dialect dialect);
int latest_known_version(Dialect dialect);

// Splits a migration file into statements: one per ';' at a line end, except inside
// CREATE TRIGGER ... END; bodies. Lines starting with "--" are comments.
std::vector<std::string> split_sql_statements(const std::string& sql);

// The version recorded in the database; 0 for an empty database.
int current_schema_version(Connection& conn);

// Applies every missing migration, each recorded as it completes. Safe to run concurrently
// from several processes: SQLite serialises on the write lock, MariaDB on a named lock.
// Returns the versions applied (empty when the schema was current).
std::vector<int> upgrade_schema(Database& db,
                                const std::function<void(const Migration&)>& on_apply = {});

enum class SchemaStatus { current, behind, ahead };
SchemaStatus schema_status(Database& db);

}  // namespace microblog::db

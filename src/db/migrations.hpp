#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace microblog::db {

// docs/migrations.md: an expand migration only adds (tables, nullable or defaulted columns,
// indexes), so a build that predates it still works on the schema it leaves; a contract
// migration drops, renames or changes what an older build may still use.
enum class MigrationKind { expand, contract };
std::string_view to_string(MigrationKind kind);

struct Migration {
  int version;
  std::string name;
  MigrationKind kind;
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

// A migration recorded in the database that this build does not know. kind is what the build
// that applied it recorded: "expand", "contract", or "unknown" (a row written without a kind).
struct NewerMigration {
  int version;
  std::string name;
  std::string kind;
};

// ahead_compatible: newer than this build, but every newer migration is an expand one, so this
// build can serve (an old and a new release side by side during a blue/green deploy).
// ahead: newer, with at least one migration that is not marked expand.
enum class SchemaStatus { current, behind, ahead_compatible, ahead };

struct SchemaState {
  SchemaStatus status;
  int current;                        // the version recorded in the database
  int latest;                         // the newest version this build knows
  std::vector<NewerMigration> newer;  // recorded migrations above `latest`, in version order
};
SchemaState schema_state(Database& db);
SchemaStatus schema_status(Database& db);

}  // namespace microblog::db

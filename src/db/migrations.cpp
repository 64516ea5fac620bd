#include "db/migrations.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "db/migration_data.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace microblog::db {
namespace {

const char* dialect_name(Dialect d) {
  return d == Dialect::sqlite ? "sqlite" : "mysql";
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && util::to_lower_ascii(s.substr(0, prefix.size())) == prefix;
}

bool table_exists(Connection& conn, const std::string& table) {
  int n = 0;
  if (conn.dialect() == Dialect::sqlite) {
    conn.sql() << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t",
        soci::use(table), soci::into(n);
  } else {
    conn.sql() << "SELECT COUNT(*) FROM information_schema.tables "
                  "WHERE table_schema = DATABASE() AND table_name = :t",
        soci::use(table), soci::into(n);
  }
  return n > 0;
}

bool column_exists(Connection& conn, const std::string& table, const std::string& column) {
  int n = 0;
  if (conn.dialect() == Dialect::sqlite) {
    conn.sql() << "SELECT COUNT(*) FROM pragma_table_info(:t) WHERE name = :c", soci::use(table),
        soci::use(column), soci::into(n);
  } else {
    conn.sql() << "SELECT COUNT(*) FROM information_schema.columns "
                  "WHERE table_schema = DATABASE() AND table_name = :t AND column_name = :c",
        soci::use(table), soci::use(column), soci::into(n);
  }
  return n > 0;
}

// schema_migrations records each migration's kind, so that a build older than the schema can
// tell whether it may serve it (schema_state). Builds from before the kind column insert
// without it and get 'unknown'; this build adds the column to their table and fills in the
// kinds of the migrations it knows.
void ensure_version_table(Connection& conn, const std::vector<Migration>& known) {
  conn.sql() << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, "
                "applied_us BIGINT NOT NULL, kind VARCHAR(16) NOT NULL DEFAULT 'unknown')";
  if (!column_exists(conn, "schema_migrations", "kind")) {
    conn.sql() << "ALTER TABLE schema_migrations "
                  "ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'unknown'";
  }
  for (const auto& m : known) {
    const std::string kind(to_string(m.kind));
    conn.sql() << "UPDATE schema_migrations SET kind = :k WHERE version = :v AND kind = 'unknown'",
        soci::use(kind), soci::use(m.version);
  }
}

void apply(Connection& conn, const Migration& m) {
  for (const auto& stmt : m.statements) {
    conn.sql() << stmt;
  }
  const util::Micros now = util::now_micros();
  const std::string kind(to_string(m.kind));
  conn.sql() << "INSERT INTO schema_migrations (version, name, applied_us, kind) "
                "VALUES (:v, :n, :t, :k)",
      soci::use(m.version), soci::use(m.name), soci::use(now), soci::use(kind);
}

}  // namespace

std::string_view to_string(MigrationKind kind) {
  return kind == MigrationKind::expand ? "expand" : "contract";
}

std::vector<std::string> split_sql_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  bool in_trigger = false;
  std::string_view rest = sql;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view raw_line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    const std::string_view line = util::trim(raw_line);
    if (line.empty() || line.substr(0, 2) == "--") {
      continue;
    }
    if (current.empty() && starts_with_ci(line, "create trigger")) {
      in_trigger = true;
    }
    current.append(raw_line).push_back('\n');
    const bool ends = line.back() == ';';
    const bool trigger_end = starts_with_ci(line, "end;");
    if (ends && (!in_trigger || trigger_end)) {
      if (!in_trigger) {
        // A trigger keeps its final ';' (it belongs to END); other statements drop theirs.
        current.erase(current.find_last_of(';'));
      }
      out.emplace_back(util::trim(current));
      current.clear();
      in_trigger = false;
    }
  }
  if (!util::trim(current).empty()) {
    out.emplace_back(util::trim(current));
  }
  return out;
}

std::vector<Migration> known_migrations(Dialect dialect) {
  std::vector<Migration> out;
  for (const auto& m : embedded_migrations()) {
    if (std::string_view(m.dialect) == dialect_name(dialect)) {
      const auto kind =
          std::string_view(m.kind) == "expand" ? MigrationKind::expand : MigrationKind::contract;
      out.emplace_back(Migration{m.version, m.name, kind, split_sql_statements(m.sql)});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

int latest_known_version(Dialect dialect) {
  const auto all = known_migrations(dialect);
  return all.empty() ? 0 : all.back().version;
}

int current_schema_version(Connection& conn) {
  if (!table_exists(conn, "schema_migrations")) {
    return 0;
  }
  int version = 0;
  soci::indicator ind = soci::i_null;
  conn.sql() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

std::vector<int> upgrade_schema(Database& db,
                                const std::function<void(const Migration&)>& on_apply) {
  auto conn = db.connect();
  const auto apply_missing = [&] {
    std::vector<int> applied;
    const auto known = known_migrations(db.dialect());
    ensure_version_table(conn, known);
    const int current = current_schema_version(conn);
    for (const auto& m : known) {
      if (m.version > current) {
        apply(conn, m);
        applied.push_back(m.version);
        if (on_apply) {
          on_apply(m);
        }
      }
    }
    return applied;
  };
  if (db.dialect() == Dialect::sqlite) {
    // SQLite DDL is transactional: the whole upgrade commits or nothing does.
    Transaction tx(conn);
    auto applied = apply_missing();
    tx.commit();
    return applied;
  }
  // MariaDB commits each DDL statement on its own; a named lock keeps two upgrading
  // instances from interleaving, and each migration is recorded as soon as it is done.
  int locked = 0;
  conn.sql() << "SELECT GET_LOCK('microblog_schema_upgrade', 60)", soci::into(locked);
  if (locked != 1) {
    throw DatabaseUnavailable("another process holds the schema upgrade lock");
  }
  std::vector<int> applied;
  try {
    applied = apply_missing();
  } catch (...) {
    conn.sql() << "DO RELEASE_LOCK('microblog_schema_upgrade')";
    throw;
  }
  conn.sql() << "DO RELEASE_LOCK('microblog_schema_upgrade')";
  return applied;
}

SchemaState schema_state(Database& db) {
  auto conn = db.connect();
  SchemaState state{
      SchemaStatus::current, current_schema_version(conn), latest_known_version(db.dialect()), {}};
  if (state.current < state.latest) {
    state.status = SchemaStatus::behind;
  } else if (state.current > state.latest) {
    // A table from before the kind column cannot vouch for anything: every newer migration
    // counts as of unknown kind.
    const bool has_kind = column_exists(conn, "schema_migrations", "kind");
    NewerMigration row{0, "", "unknown"};
    soci::statement st =
        has_kind ? (conn.sql().prepare << "SELECT version, name, kind FROM schema_migrations "
                                          "WHERE version > :latest ORDER BY version",
                    soci::use(state.latest), soci::into(row.version), soci::into(row.name),
                    soci::into(row.kind))
                 : (conn.sql().prepare << "SELECT version, name FROM schema_migrations "
                                          "WHERE version > :latest ORDER BY version",
                    soci::use(state.latest), soci::into(row.version), soci::into(row.name));
    st.execute();
    bool all_expand = true;
    while (st.fetch()) {
      all_expand = all_expand && row.kind == "expand";
      state.newer.push_back(row);
    }
    state.status = all_expand ? SchemaStatus::ahead_compatible : SchemaStatus::ahead;
  }
  return state;
}

SchemaStatus schema_status(Database& db) {
  return schema_state(db).status;
}

}  // namespace microblog::db

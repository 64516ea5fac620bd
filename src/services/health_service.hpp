#pragma once

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

enum class Readiness {
  ready,          // the database answers and this build can serve its schema: the one it
                  // knows, or a newer one made only by expand migrations (docs/migrations.md)
  schema_behind,  // migrations are missing: run `microblog db upgrade`
  schema_ahead,   // a newer build applied a migration that is not an expand one
  unreachable,    // the database does not answer
};

// What the readiness probe reports: whether this instance can serve requests now.
class HealthService {
 public:
  explicit HealthService(db::Database& db) : db_(db) {}
  Readiness readiness() noexcept;

 private:
  db::Database& db_;
};

}  // namespace microblog::services

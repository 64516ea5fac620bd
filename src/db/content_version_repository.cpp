#include "db/content_version_repository.hpp"

#include <stdexcept>

namespace microblog::db::content_version {

namespace {

// Read before every cached list is served: kept prepared.
struct ReadVersion {
  long long version = 0;
  soci::statement st;
  explicit ReadVersion(soci::session& sql)
      : st((sql.prepare << "SELECT version FROM content_version WHERE id = 1",
            soci::into(version))) {}
};

}  // namespace

long long current(Connection& conn) {
  return conn.with_prepared<ReadVersion>([](ReadVersion& q) {
    if (!fetch_single_row(q.st)) {
      throw std::runtime_error("content_version has no row: the schema is damaged");
    }
    return q.version;
  });
}

void advance(soci::session& sql, Id changed_user) {
  sql << "UPDATE content_version SET version = version + 1 WHERE id = 1";
  sql << "UPDATE user SET list_version = (SELECT version FROM content_version WHERE id = 1) "
         "WHERE id = :u",
      soci::use(changed_user);
}

}  // namespace microblog::db::content_version

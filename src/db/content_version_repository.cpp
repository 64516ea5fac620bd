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

void advance(soci::session& sql, Id changed_user, Change change) {
  sql << "UPDATE content_version SET version = version + 1 WHERE id = 1";
  const bool mysql = sql.get_backend_name() == "mysql";
  // Insert or replace the home_version rows: the upsert clause is each dialect's own.
  const std::string upsert =
      mysql ? " ON DUPLICATE KEY UPDATE version = VALUES(version)"
            : " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version";
  if (change == Change::followed) {
    sql << "INSERT INTO home_version (user_id, version) SELECT :u, version FROM content_version "
           "WHERE id = 1" +
               upsert,
        soci::use(changed_user);
    return;
  }
  sql << "UPDATE user SET list_version = (SELECT version FROM content_version WHERE id = 1) "
         "WHERE id = :u",
      soci::use(changed_user);
  // The author's followers and the author. SQLite needs a WHERE before ON CONFLICT in an
  // INSERT ... SELECT (its parser would read ON as a join's).
  sql << "INSERT INTO home_version (user_id, version) SELECT x.uid, (SELECT version FROM "
         "content_version WHERE id = 1) FROM (SELECT follower_id AS uid FROM follow WHERE "
         "followed_id = :u UNION ALL SELECT :u2) x WHERE 1 = 1" +
             upsert,
      soci::use(changed_user), soci::use(changed_user);
}

namespace {

struct ReadHomeVersion {
  Id user = 0;
  long long version = 0;
  soci::statement st;
  explicit ReadHomeVersion(soci::session& sql)
      : st((sql.prepare << "SELECT version FROM home_version WHERE user_id = :u", soci::use(user),
            soci::into(version))) {}
};

}  // namespace

long long home_version(Connection& conn, Id user) {
  return conn.with_prepared<ReadHomeVersion>([&](ReadHomeVersion& q) {
    q.user = user;
    return fetch_single_row(q.st) ? q.version : 0LL;
  });
}

}  // namespace microblog::db::content_version

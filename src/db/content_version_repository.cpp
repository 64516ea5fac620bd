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
  if (change == Change::followed || change == Change::renamed || change == Change::deleted) {
    // Insert or replace the home_version rows; the upsert clause is each dialect's own.
    const std::string upsert =
        sql.get_backend_name() == "mysql"
            ? " ON DUPLICATE KEY UPDATE version = VALUES(version), reshaped = VALUES(reshaped)"
            : " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, "
              "reshaped = excluded.reshaped";
    if (change == Change::followed) {
      sql << "INSERT INTO home_version (user_id, version, reshaped) SELECT :u, version, version "
             "FROM content_version WHERE id = 1" +
                 upsert,
          soci::use(changed_user);
      return;
    }
    // The author's followers and the author. SQLite needs a WHERE before ON CONFLICT in an
    // INSERT ... SELECT (its parser would read ON as a join's).
    sql << "INSERT INTO home_version (user_id, version, reshaped) SELECT x.uid, c.version, "
           "c.version FROM (SELECT follower_id AS uid FROM follow WHERE followed_id = :u "
           "UNION ALL SELECT :u2) x JOIN content_version c ON c.id = 1 WHERE 1 = 1" +
               upsert,
        soci::use(changed_user), soci::use(changed_user);
  }
  if (change != Change::followed) {
    sql << "UPDATE user SET list_version = (SELECT version FROM content_version WHERE id = 1) "
           "WHERE id = :u",
        soci::use(changed_user);
  }
}

namespace {

struct ReadHomeVersion {
  Id user = 0;
  HomeVersion v;
  soci::statement st;
  explicit ReadHomeVersion(soci::session& sql)
      : st((sql.prepare << "SELECT version, reshaped FROM home_version WHERE user_id = :u",
            soci::use(user), soci::into(v.version), soci::into(v.reshaped))) {}
};

}  // namespace

HomeVersion home_version(Connection& conn, Id user) {
  return conn.with_prepared<ReadHomeVersion>([&](ReadHomeVersion& q) {
    q.user = user;
    return fetch_single_row(q.st) ? q.v : HomeVersion{};
  });
}

}  // namespace microblog::db::content_version

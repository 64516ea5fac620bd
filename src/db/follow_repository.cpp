#include "db/follow_repository.hpp"

#include <algorithm>
#include <array>

#include "db/content_version_repository.hpp"
#include "db/sql_errors.hpp"

namespace microblog::db::follows {
namespace {

// As for posts (post_repository.cpp): the page of ids in a derived table, then the users by
// primary key, LEFT JOIN to keep that order on MariaDB, no outer ORDER BY.
std::string build(Relation relation, Direction d) {
  const std::string other = relation == Relation::followers ? "follower_id" : "followed_id";
  const std::string subject = relation == Relation::followers ? "followed_id" : "follower_id";
  const std::string range = d == Direction::older ? other + " < :cursor ORDER BY " + other + " DESC"
                                                  : other + " > :cursor ORDER BY " + other + " ASC";
  return "SELECT u.id, u.username, u.email FROM (SELECT " + other + " AS uid FROM follow WHERE " +
         subject + " = :subject AND " + range + " LIMIT :limit) f LEFT JOIN user u ON u.id = f.uid";
}

// Every profile page asks it: kept prepared.
struct FollowExists {
  Id follower_id = 0;
  Id followed_id = 0;
  int n = 0;
  soci::statement st;
  explicit FollowExists(soci::session& sql)
      : st((sql.prepare << "SELECT COUNT(*) FROM follow WHERE follower_id = :a AND "
                           "followed_id = :b",
            soci::use(follower_id), soci::use(followed_id), soci::into(n))) {}
};

}  // namespace

std::vector<Id> followed_ids(soci::session& sql, Id follower_id) {
  Id followed = 0;
  soci::statement st =
      (sql.prepare << "SELECT followed_id FROM follow WHERE follower_id = :f ORDER BY followed_id",
       soci::use(follower_id), soci::into(followed));
  st.execute();
  std::vector<Id> ids;
  while (st.fetch()) {
    ids.push_back(followed);
  }
  return ids;
}

bool exists(Connection& conn, Id follower_id, Id followed_id) {
  return conn.with_prepared<FollowExists>([&](FollowExists& q) {
    q.follower_id = follower_id;
    q.followed_id = followed_id;
    return fetch_single_row(q.st) && q.n > 0;
  });
}

void insert(soci::session& sql, Id follower_id, Id followed_id, util::Micros now) {
  translating_duplicates([&] {
    sql << "INSERT INTO follow (follower_id, followed_id, created_us) VALUES (:a, :b, :t)",
        soci::use(follower_id), soci::use(followed_id), soci::use(now);
  });
  content_version::advance(sql, follower_id, content_version::Change::followed);
}

bool remove(soci::session& sql, Id follower_id, Id followed_id) {
  soci::statement st =
      (sql.prepare << "DELETE FROM follow WHERE follower_id = :a AND followed_id = :b",
       soci::use(follower_id), soci::use(followed_id));
  st.execute(true);
  if (st.get_affected_rows() == 0) {
    return false;
  }
  content_version::advance(sql, follower_id, content_version::Change::followed);
  return true;
}

const std::string& list_sql(Relation relation, Direction direction) {
  static const std::array<std::string, 4> statements = {
      build(Relation::followers, Direction::older), build(Relation::followers, Direction::newer),
      build(Relation::following, Direction::older), build(Relation::following, Direction::newer)};
  return statements.at((relation == Relation::followers ? 0 : 2) +
                       (direction == Direction::older ? 0 : 1));
}

std::vector<UserSummary> list(soci::session& sql, Relation relation, Id subject,
                              Direction direction, Id cursor, int limit) {
  UserSummary r;
  soci::statement st =
      (sql.prepare << list_sql(relation, direction), soci::into(r.id), soci::into(r.username),
       soci::into(r.email), soci::use(subject), soci::use(cursor), soci::use(limit));
  st.execute();
  std::vector<UserSummary> rows;
  while (st.fetch()) {
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(),
            [](const UserSummary& a, const UserSummary& b) { return a.id > b.id; });
  return rows;
}

}  // namespace microblog::db::follows

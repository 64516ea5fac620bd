#include "db/user_page_repository.hpp"

#include <algorithm>
#include <string>

namespace microblog::db::user_pages {
namespace {

constexpr const char* kColumns =
    "u.id, u.username, u.email, u.password_hash, u.about_me, u.created_us, u.last_seen_us, "
    "u.last_message_read_us, u.post_count, u.follower_count, u.following_count, u.language, "
    "u.list_version";

// The ids of the page in a derived table, then their rows by primary key (as the post and
// follow lists do: a join under ORDER BY ... LIMIT is slow on MariaDB).
std::vector<UserRow> fetch(soci::session& sql, const std::string& ids_sql, Id subject,
                           long long offset, int limit) {
  UserRow u;
  soci::indicator language_ind = soci::i_null;
  const std::string text = std::string("SELECT ") + kColumns + " FROM (" + ids_sql +
                           ") p LEFT JOIN user u ON u.id = p.uid";
  soci::statement st(sql);
  st.exchange(soci::into(u.id));
  st.exchange(soci::into(u.username));
  st.exchange(soci::into(u.email));
  st.exchange(soci::into(u.password_hash));
  st.exchange(soci::into(u.about_me));
  st.exchange(soci::into(u.created_us));
  st.exchange(soci::into(u.last_seen_us));
  st.exchange(soci::into(u.last_message_read_us));
  st.exchange(soci::into(u.post_count));
  st.exchange(soci::into(u.follower_count));
  st.exchange(soci::into(u.following_count));
  st.exchange(soci::into(u.language, language_ind));
  st.exchange(soci::into(u.list_version));
  if (subject != 0) {
    st.exchange(soci::use(subject));
  }
  st.exchange(soci::use(limit));
  st.exchange(soci::use(offset));
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
  st.execute();
  std::vector<UserRow> rows;
  while (st.fetch()) {
    rows.push_back(u);
    if (language_ind != soci::i_ok) {
      rows.back().language.clear();
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const UserRow& a, const UserRow& b) { return a.id < b.id; });
  return rows;
}

}  // namespace

long long count_all(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM user", soci::into(n);
  return n;
}

std::vector<UserRow> all(soci::session& sql, long long offset, int limit) {
  return fetch(sql, "SELECT id AS uid FROM user ORDER BY id LIMIT :limit OFFSET :offset", 0, offset,
               limit);
}

std::vector<UserRow> related(soci::session& sql, follows::Relation relation, Id subject,
                             long long offset, int limit) {
  const bool followers = relation == follows::Relation::followers;
  const std::string other = followers ? "follower_id" : "followed_id";
  const std::string self = followers ? "followed_id" : "follower_id";
  return fetch(sql,
               "SELECT " + other + " AS uid FROM follow WHERE " + self + " = :subject ORDER BY " +
                   other + " LIMIT :limit OFFSET :offset",
               subject, offset, limit);
}

}  // namespace microblog::db::user_pages

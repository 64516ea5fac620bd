#include "db/user_repository.hpp"

#include "db/content_version_repository.hpp"
#include "db/sql_errors.hpp"
#include "util/text.hpp"

namespace microblog::db::users {
namespace {

constexpr const char* kColumns =
    "id, username, email, password_hash, about_me, created_us, last_seen_us, "
    "last_message_read_us, post_count, follower_count, following_count, language, list_version";

// One look-up by a unique column, kept prepared on each connection: profile pages, follows
// and logins all start with one.
template <typename Key>
struct FindUser {
  Key key{};
  UserRow u;
  soci::indicator language_ind = soci::i_null;
  soci::statement st;
  FindUser(soci::session& sql, const std::string& where)
      : st((sql.prepare << std::string("SELECT ") + kColumns + " FROM user WHERE " + where,
            soci::use(key), soci::into(u.id), soci::into(u.username), soci::into(u.email),
            soci::into(u.password_hash), soci::into(u.about_me), soci::into(u.created_us),
            soci::into(u.last_seen_us), soci::into(u.last_message_read_us),
            soci::into(u.post_count), soci::into(u.follower_count), soci::into(u.following_count),
            soci::into(u.language, language_ind), soci::into(u.list_version))) {}
};

struct FindById : FindUser<Id> {
  explicit FindById(soci::session& sql) : FindUser(sql, "id = :id") {}
};
struct FindByUsernameKey : FindUser<std::string> {
  explicit FindByUsernameKey(soci::session& sql) : FindUser(sql, "username_key = :k") {}
};
struct FindByEmailKey : FindUser<std::string> {
  explicit FindByEmailKey(soci::session& sql) : FindUser(sql, "email_key = :k") {}
};

// A profile page's look-up: the user by name, and whether the reader follows them, in one
// statement (one round trip on MariaDB instead of two).
struct FindProfile {
  Id reader = 0;
  std::string key;
  UserRow u;
  soci::indicator language_ind = soci::i_null;
  int followed = 0;
  soci::statement st;
  explicit FindProfile(soci::session& sql)
      : st((sql.prepare << std::string("SELECT ") + kColumns +
                               ", (SELECT COUNT(*) FROM follow f WHERE f.follower_id = :r AND "
                               "f.followed_id = user.id) FROM user WHERE username_key = :k",
            soci::use(reader), soci::use(key), soci::into(u.id), soci::into(u.username),
            soci::into(u.email), soci::into(u.password_hash), soci::into(u.about_me),
            soci::into(u.created_us), soci::into(u.last_seen_us),
            soci::into(u.last_message_read_us), soci::into(u.post_count),
            soci::into(u.follower_count), soci::into(u.following_count),
            soci::into(u.language, language_ind), soci::into(u.list_version),
            soci::into(followed))) {}
};

template <typename Query, typename Key>
std::optional<UserRow> find(Connection& conn, const Key& key) {
  return conn.with_prepared<Query>([&](Query& q) -> std::optional<UserRow> {
    q.key = key;
    if (!fetch_single_row(q.st)) {
      return std::nullopt;
    }
    UserRow row = q.u;
    if (q.language_ind != soci::i_ok) {
      row.language.clear();
    }
    return row;
  });
}

}  // namespace

Id insert(soci::session& sql, const NewUser& user) {
  const std::string username_key = util::to_lower_ascii(user.username);
  const std::string email_key = util::to_lower_ascii(user.email);
  translating_duplicates([&] {
    sql << "INSERT INTO user (username, username_key, email, email_key, password_hash, about_me, "
           "created_us, last_seen_us) VALUES (:u, :uk, :e, :ek, :p, :a, :c, :s)",
        soci::use(user.username), soci::use(username_key), soci::use(user.email),
        soci::use(email_key), soci::use(user.password_hash), soci::use(user.about_me),
        soci::use(user.now_us), soci::use(user.now_us);
  });
  long long id = 0;
  sql.get_last_insert_id("user", id);
  return id;
}

std::optional<UserRow> find_by_id(Connection& conn, Id id) {
  return find<FindById>(conn, id);
}

std::optional<UserRow> find_by_username(Connection& conn, const std::string& username) {
  return find<FindByUsernameKey>(conn, util::to_lower_ascii(username));
}

std::optional<UserAndFollow> find_by_username_for(Connection& conn, const std::string& username,
                                                  Id reader_id) {
  return conn.with_prepared<FindProfile>([&](FindProfile& q) -> std::optional<UserAndFollow> {
    q.reader = reader_id;
    q.key = util::to_lower_ascii(username);
    if (!fetch_single_row(q.st)) {
      return std::nullopt;
    }
    UserAndFollow found{q.u, q.followed > 0};
    if (q.language_ind != soci::i_ok) {
      found.user.language.clear();
    }
    return found;
  });
}

std::optional<UserRow> find_by_email(Connection& conn, const std::string& email) {
  return find<FindByEmailKey>(conn, util::to_lower_ascii(email));
}

bool username_taken(soci::session& sql, const std::string& username, Id except_id) {
  const std::string key = util::to_lower_ascii(username);
  int n = 0;
  sql << "SELECT COUNT(*) FROM user WHERE username_key = :k AND id <> :id", soci::use(key),
      soci::use(except_id), soci::into(n);
  return n > 0;
}

bool email_taken(soci::session& sql, const std::string& email, Id except_id) {
  const std::string key = util::to_lower_ascii(email);
  int n = 0;
  sql << "SELECT COUNT(*) FROM user WHERE email_key = :k AND id <> :id", soci::use(key),
      soci::use(except_id), soci::into(n);
  return n > 0;
}

void update_profile(soci::session& sql, Id id, const std::string& username,
                    const std::string& about_me) {
  const std::string key = util::to_lower_ascii(username);
  translating_duplicates([&] {
    sql << "UPDATE user SET username = :u, username_key = :k, about_me = :a WHERE id = :id",
        soci::use(username), soci::use(key), soci::use(about_me), soci::use(id);
  });
  // Post lists show the author's name.
  content_version::advance(sql, id, content_version::Change::renamed);
}

void update_email(soci::session& sql, Id id, const std::string& email) {
  const std::string key = util::to_lower_ascii(email);
  translating_duplicates([&] {
    sql << "UPDATE user SET email = :e, email_key = :k WHERE id = :id", soci::use(email),
        soci::use(key), soci::use(id);
  });
  content_version::advance(sql, id, content_version::Change::renamed);
}

void update_password_hash(soci::session& sql, Id id, const std::string& hash) {
  sql << "UPDATE user SET password_hash = :h WHERE id = :id", soci::use(hash), soci::use(id);
}

void update_language(soci::session& sql, Id id, const std::string& language) {
  sql << "UPDATE user SET language = :l WHERE id = :id", soci::use(language), soci::use(id);
}

void touch_last_seen_many(soci::session& sql, const std::vector<std::pair<Id, util::Micros>>& seen,
                          util::Micros resolution) {
  Id id = 0;
  util::Micros now = 0;
  util::Micros stale = 0;
  soci::statement st =
      (sql.prepare
           << "UPDATE user SET last_seen_us = :now WHERE id = :id AND last_seen_us < :stale",
       soci::use(now), soci::use(id), soci::use(stale));
  for (const auto& [user, at] : seen) {
    id = user;
    now = at;
    stale = at - resolution;
    st.execute(true);
  }
}

void add_to_counters(soci::session& sql, Id id, int posts, int followers, int following) {
  sql << "UPDATE user SET post_count = post_count + :p, follower_count = follower_count + :fr, "
         "following_count = following_count + :fg WHERE id = :id",
      soci::use(posts), soci::use(followers), soci::use(following), soci::use(id);
}

std::vector<Look> touched_since(soci::session& sql, long long version) {
  Look row;
  soci::statement st =
      (sql.prepare << "SELECT id, username, email FROM user WHERE list_version > :v",
       soci::use(version), soci::into(row.id), soci::into(row.username), soci::into(row.email));
  st.execute();
  std::vector<Look> rows;
  while (st.fetch()) {
    rows.push_back(row);
  }
  return rows;
}

}  // namespace microblog::db::users

#include "db/session_repository.hpp"

#include "util/text.hpp"

namespace microblog::db::sessions {

namespace {

// What every session look-up reads: the session, the few fields of its user that every page
// needs, and the versions of the lists a page may show.
constexpr const char* kSessionColumns =
    "s.user_id, s.data_json, s.remember, s.expires_us, u.username, u.last_seen_us, u.language, "
    "v.version, h.version, h.reshaped, u.unread_message_count, u.export_job_id";
constexpr const char* kSessionJoins =
    " FROM session s JOIN content_version v ON v.id = 1 LEFT JOIN user u ON u.id = s.user_id "
    "LEFT JOIN home_version h ON h.user_id = s.user_id";
constexpr const char* kSessionWhere = " WHERE s.id_hash = :h AND s.expires_us > :now";

// The variables kSessionColumns are read into.
struct SessionFields {
  long long user_id = 0;
  soci::indicator user_ind = soci::i_null;
  std::string data_json;
  int remember = 0;
  long long expires_us = 0;
  std::string username;
  soci::indicator name_ind = soci::i_null;
  long long last_seen_us = 0;
  soci::indicator seen_ind = soci::i_null;
  std::string language;
  soci::indicator language_ind = soci::i_null;
  long long content_version = 0;
  long long home_version = 0;
  soci::indicator home_ind = soci::i_null;
  long long home_reshaped = 0;
  soci::indicator reshaped_ind = soci::i_null;
  int unread_messages = 0;
  soci::indicator unread_ind = soci::i_null;
  long long export_job_id = 0;
  soci::indicator export_ind = soci::i_null;

  void bind(soci::statement& st) {
    st.exchange(soci::into(user_id, user_ind));
    st.exchange(soci::into(data_json));
    st.exchange(soci::into(remember));
    st.exchange(soci::into(expires_us));
    st.exchange(soci::into(username, name_ind));
    st.exchange(soci::into(last_seen_us, seen_ind));
    st.exchange(soci::into(language, language_ind));
    st.exchange(soci::into(content_version));
    st.exchange(soci::into(home_version, home_ind));
    st.exchange(soci::into(home_reshaped, reshaped_ind));
    st.exchange(soci::into(unread_messages, unread_ind));
    st.exchange(soci::into(export_job_id, export_ind));
  }

  SessionRow row() const {
    SessionRow row;
    row.user_id = (user_ind == soci::i_ok && name_ind == soci::i_ok) ? user_id : 0;
    row.data_json = data_json;
    row.remember = remember != 0;
    row.expires_us = expires_us;
    row.content_version = content_version;
    if (home_ind == soci::i_ok && reshaped_ind == soci::i_ok) {
      row.home_version = {home_version, home_reshaped};
    }
    if (row.user_id != 0) {
      row.username = username;
      row.last_seen_us = seen_ind == soci::i_ok ? last_seen_us : 0;
      row.language = language_ind == soci::i_ok ? language : std::string();
      row.unread_messages = unread_ind == soci::i_ok ? unread_messages : 0;
      row.export_job_id = export_ind == soci::i_ok ? export_job_id : 0;
    }
    return row;
  }
};

// Every request with a session cookie runs this, so it stays prepared on each connection.
struct FindLive {
  std::string id_hash;
  long long now = 0;
  SessionFields fields;
  soci::statement st;

  explicit FindLive(soci::session& sql) : st(sql) {
    fields.bind(st);
    st.exchange(soci::use(id_hash));
    st.exchange(soci::use(now));
    st.alloc();
    st.prepare(std::string("SELECT ") + kSessionColumns + kSessionJoins + kSessionWhere);
    st.define_and_bind();
  }
};

// A profile page's session: the same, and the user the page is about with whether the session's
// user follows them. An absent user reads as NULLs (the join is on a unique key), which SOCI
// only takes into variables with an indicator.
struct FindLiveWithProfile {
  std::string profile_key;
  std::string id_hash;
  long long now = 0;
  SessionFields fields;
  UserRow p;
  soci::indicator id_ind = soci::i_null;
  soci::indicator username_ind = soci::i_null;
  soci::indicator email_ind = soci::i_null;
  soci::indicator about_ind = soci::i_null;
  soci::indicator created_ind = soci::i_null;
  soci::indicator seen_ind = soci::i_null;
  soci::indicator posts_ind = soci::i_null;
  soci::indicator followers_ind = soci::i_null;
  soci::indicator following_ind = soci::i_null;
  soci::indicator list_version_ind = soci::i_null;
  int followed = 0;
  soci::statement st;

  explicit FindLiveWithProfile(soci::session& sql) : st(sql) {
    fields.bind(st);
    st.exchange(soci::into(p.id, id_ind));
    st.exchange(soci::into(p.username, username_ind));
    st.exchange(soci::into(p.email, email_ind));
    st.exchange(soci::into(p.about_me, about_ind));
    st.exchange(soci::into(p.created_us, created_ind));
    st.exchange(soci::into(p.last_seen_us, seen_ind));
    st.exchange(soci::into(p.post_count, posts_ind));
    st.exchange(soci::into(p.follower_count, followers_ind));
    st.exchange(soci::into(p.following_count, following_ind));
    st.exchange(soci::into(p.list_version, list_version_ind));
    st.exchange(soci::into(followed));
    st.exchange(soci::use(profile_key));
    st.exchange(soci::use(id_hash));
    st.exchange(soci::use(now));
    st.alloc();
    st.prepare(std::string("SELECT ") + kSessionColumns +
               ", p.id, p.username, p.email, p.about_me, p.created_us, p.last_seen_us, "
               "p.post_count, p.follower_count, p.following_count, p.list_version, "
               "(SELECT COUNT(*) FROM follow f WHERE f.follower_id = s.user_id AND "
               "f.followed_id = p.id)" +
               kSessionJoins + " LEFT JOIN user p ON p.username_key = :k" + kSessionWhere);
    st.define_and_bind();
  }

  // The other columns are NOT NULL: a NULL id is the only sign of nobody by that name.
  std::optional<users::UserAndFollow> profile() const {
    if (id_ind != soci::i_ok) {
      return std::nullopt;
    }
    return users::UserAndFollow{p, followed > 0};
  }
};

}  // namespace

std::optional<SessionRow> find_live(Connection& conn, const std::string& id_hash,
                                    util::Micros now) {
  return conn.with_prepared<FindLive>([&](FindLive& q) -> std::optional<SessionRow> {
    q.id_hash = id_hash;
    q.now = now;
    if (!fetch_single_row(q.st)) {
      return std::nullopt;
    }
    return q.fields.row();
  });
}

std::vector<std::pair<std::string, SessionRow>> find_live_many(
    Connection& conn, const std::vector<std::string>& id_hashes, util::Micros now) {
  std::vector<std::pair<std::string, SessionRow>> rows;
  if (id_hashes.size() == 1) {
    if (auto row = find_live(conn, id_hashes.front(), now)) {
      rows.emplace_back(id_hashes.front(), std::move(*row));
    }
    return rows;
  }
  if (id_hashes.empty()) {
    return rows;
  }
  // Made for each batch: on MariaDB, SOCI's preparing is its own splitting of the text (the
  // server parses every statement anyway), and a batch's one statement stands for many.
  std::string text =
      std::string("SELECT s.id_hash, ") + kSessionColumns + kSessionJoins + " WHERE s.id_hash IN (";
  for (std::size_t i = 0; i < id_hashes.size(); ++i) {
    text += i == 0 ? ":h" : ", :h";
    text += std::to_string(i);
  }
  text += ") AND s.expires_us > :now";
  std::string id_hash;
  SessionFields fields;
  long long now_us = now;
  soci::statement st(conn.sql());
  st.exchange(soci::into(id_hash));
  fields.bind(st);
  for (const auto& hash : id_hashes) {
    st.exchange(soci::use(hash));
  }
  st.exchange(soci::use(now_us));
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    rows.emplace_back(id_hash, fields.row());
  }
  return rows;
}

std::optional<SessionWithProfile> find_live_with_profile(Connection& conn,
                                                         const std::string& id_hash,
                                                         util::Micros now,
                                                         const std::string& username) {
  return conn.with_prepared<FindLiveWithProfile>(
      [&](FindLiveWithProfile& q) -> std::optional<SessionWithProfile> {
        q.profile_key = util::to_lower_ascii(username);
        q.id_hash = id_hash;
        q.now = now;
        if (!fetch_single_row(q.st)) {
          return std::nullopt;
        }
        return SessionWithProfile{q.fields.row(), q.profile()};
      });
}

void insert(soci::session& sql, const std::string& id_hash, Id user_id,
            const std::string& data_json, bool remember, util::Micros now,
            util::Micros expires_us) {
  const int remember_int = remember ? 1 : 0;
  soci::indicator user_ind = user_id == 0 ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO session (id_hash, user_id, data_json, remember, created_us, expires_us) "
         "VALUES (:h, :u, :d, :r, :c, :e)",
      soci::use(id_hash), soci::use(user_id, user_ind), soci::use(data_json),
      soci::use(remember_int), soci::use(now), soci::use(expires_us);
}

void update_data(soci::session& sql, const std::string& id_hash, const std::string& data_json) {
  sql << "UPDATE session SET data_json = :d WHERE id_hash = :h", soci::use(data_json),
      soci::use(id_hash);
}

void extend_expiries(soci::session& sql,
                     const std::vector<std::pair<std::string, util::Micros>>& expiries) {
  std::string id_hash;
  util::Micros expires_us = 0;
  soci::statement st =
      (sql.prepare << "UPDATE session SET expires_us = :e WHERE id_hash = :h AND expires_us < :e2",
       soci::use(expires_us), soci::use(id_hash), soci::use(expires_us));
  for (const auto& [hash, at] : expiries) {
    id_hash = hash;
    expires_us = at;
    st.execute(true);
  }
}

void remove(soci::session& sql, const std::string& id_hash) {
  sql << "DELETE FROM session WHERE id_hash = :h", soci::use(id_hash);
}

void remove_for_user(soci::session& sql, Id user_id, const std::string& keep_id_hash) {
  sql << "DELETE FROM session WHERE user_id = :u AND id_hash <> :h", soci::use(user_id),
      soci::use(keep_id_hash);
}

long long remove_expired(soci::session& sql, util::Micros now) {
  soci::statement st =
      (sql.prepare << "DELETE FROM session WHERE expires_us <= :now", soci::use(now));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace microblog::db::sessions

#include "db/session_repository.hpp"

namespace microblog::db::sessions {

namespace {

// Every request with a session cookie runs this, so it stays prepared on each connection.
struct FindLive {
  std::string id_hash;
  long long now = 0;
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
  soci::statement st;

  explicit FindLive(soci::session& sql)
      : st((sql.prepare << "SELECT s.user_id, s.data_json, s.remember, s.expires_us, u.username, "
                           "u.last_seen_us, u.language, v.version, h.version, h.reshaped, "
                           "u.unread_message_count, u.export_job_id FROM session s "
                           "JOIN content_version v ON v.id = 1 "
                           "LEFT JOIN user u ON u.id = s.user_id "
                           "LEFT JOIN home_version h ON h.user_id = s.user_id "
                           "WHERE s.id_hash = :h AND s.expires_us > :now",
            soci::use(id_hash), soci::use(now), soci::into(user_id, user_ind),
            soci::into(data_json), soci::into(remember), soci::into(expires_us),
            soci::into(username, name_ind), soci::into(last_seen_us, seen_ind),
            soci::into(language, language_ind), soci::into(content_version),
            soci::into(home_version, home_ind), soci::into(home_reshaped, reshaped_ind),
            soci::into(unread_messages, unread_ind), soci::into(export_job_id, export_ind))) {}
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
    SessionRow row;
    row.user_id = (q.user_ind == soci::i_ok && q.name_ind == soci::i_ok) ? q.user_id : 0;
    row.data_json = q.data_json;
    row.remember = q.remember != 0;
    row.expires_us = q.expires_us;
    row.content_version = q.content_version;
    if (q.home_ind == soci::i_ok && q.reshaped_ind == soci::i_ok) {
      row.home_version = {q.home_version, q.home_reshaped};
    }
    if (row.user_id != 0) {
      row.username = q.username;
      row.last_seen_us = q.seen_ind == soci::i_ok ? q.last_seen_us : 0;
      row.language = q.language_ind == soci::i_ok ? q.language : std::string();
      row.unread_messages = q.unread_ind == soci::i_ok ? q.unread_messages : 0;
      row.export_job_id = q.export_ind == soci::i_ok ? q.export_job_id : 0;
    }
    return row;
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

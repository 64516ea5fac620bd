#include "db/api_token_repository.hpp"

namespace microblog::db::api_tokens {

void insert(soci::session& sql, const ApiTokenRow& row) {
  sql << "INSERT INTO api_token (token_hash, user_id, created_us, expires_us) "
         "VALUES (:h, :u, :c, :e)",
      soci::use(row.token_hash), soci::use(row.user_id), soci::use(row.created_us),
      soci::use(row.expires_us);
}

std::optional<ApiTokenRow> find(soci::session& sql, const std::string& token_hash) {
  ApiTokenRow r;
  sql << "SELECT token_hash, user_id, created_us, expires_us FROM api_token "
         "WHERE token_hash = :h",
      soci::use(token_hash), soci::into(r.token_hash), soci::into(r.user_id),
      soci::into(r.created_us), soci::into(r.expires_us);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return r;
}

bool remove(soci::session& sql, const std::string& token_hash) {
  soci::statement st =
      (sql.prepare << "DELETE FROM api_token WHERE token_hash = :h", soci::use(token_hash));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void remove_for_user(soci::session& sql, Id user_id) {
  sql << "DELETE FROM api_token WHERE user_id = :u", soci::use(user_id);
}

void remove_expired_for_user(soci::session& sql, Id user_id, util::Micros now) {
  sql << "DELETE FROM api_token WHERE user_id = :u AND expires_us <= :n", soci::use(user_id),
      soci::use(now);
}

}  // namespace microblog::db::api_tokens

#include "db/password_reset_repository.hpp"

namespace microblog::db::password_resets {

void insert(soci::session& sql, const PasswordResetRow& row) {
  sql << "INSERT INTO password_reset (token_hash, user_id, created_us, expires_us, used_us) "
         "VALUES (:h, :u, :c, :e, 0)",
      soci::use(row.token_hash), soci::use(row.user_id), soci::use(row.created_us),
      soci::use(row.expires_us);
}

std::optional<PasswordResetRow> find(soci::session& sql, const std::string& token_hash) {
  PasswordResetRow r;
  sql << "SELECT token_hash, user_id, created_us, expires_us, used_us FROM password_reset "
         "WHERE token_hash = :h",
      soci::use(token_hash), soci::into(r.token_hash), soci::into(r.user_id),
      soci::into(r.created_us), soci::into(r.expires_us), soci::into(r.used_us);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return r;
}

bool consume(soci::session& sql, const std::string& token_hash, util::Micros now) {
  soci::statement st =
      (sql.prepare << "UPDATE password_reset SET used_us = :n WHERE token_hash = :h AND "
                      "used_us = 0 AND expires_us > :n2",
       soci::use(now), soci::use(token_hash), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void retire_for_user(soci::session& sql, Id user_id, util::Micros now) {
  sql << "UPDATE password_reset SET used_us = :n WHERE user_id = :u AND used_us = 0",
      soci::use(now), soci::use(user_id);
}

}  // namespace microblog::db::password_resets

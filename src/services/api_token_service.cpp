#include "services/api_token_service.hpp"

#include "db/api_token_repository.hpp"
#include "db/database.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace microblog::services {

ApiTokenService::ApiTokenService(db::Database& db, AccountService& accounts)
    : db_(db), accounts_(accounts) {}

TokenGrant ApiTokenService::issue(const std::string& username, const std::string& password,
                                  const std::string& client_ip) {
  TokenGrant grant;
  const auto login = accounts_.authenticate(username, password, client_ip);
  if (login.kind == LoginResult::Kind::throttled) {
    grant.kind = TokenGrant::Kind::throttled;
    grant.retry_after_seconds = login.retry_after_seconds;
    return grant;
  }
  if (login.kind != LoginResult::Kind::ok) {
    return grant;
  }
  const util::Micros now = util::now_micros();
  grant.token = util::random_token();
  grant.expires_us = now + kLifetime;
  auto conn = db_.connect();
  db::Transaction tx(conn);
  db::api_tokens::remove_expired_for_user(conn.sql(), login.user_id, now);
  db::api_tokens::insert(conn.sql(),
                         {util::sha256_hex(grant.token), login.user_id, now, grant.expires_us});
  tx.commit();
  grant.kind = TokenGrant::Kind::ok;
  grant.user_id = login.user_id;
  return grant;
}

Id ApiTokenService::holder(std::string_view token, util::Micros now) {
  // Looked up by its hash: the comparison the database makes is on a value the caller cannot
  // steer byte by byte, so its timing tells nothing about stored tokens.
  if (!util::is_token_shaped(token)) {
    return 0;
  }
  auto conn = db_.connect();
  const auto row = db::api_tokens::find(conn.sql(), util::sha256_hex(token));
  if (!row || row->expires_us <= now) {
    return 0;
  }
  return row->user_id;
}

bool ApiTokenService::revoke(std::string_view token) {
  if (!util::is_token_shaped(token)) {
    return false;
  }
  auto conn = db_.connect();
  return db::api_tokens::remove(conn.sql(), util::sha256_hex(token));
}

}  // namespace microblog::services

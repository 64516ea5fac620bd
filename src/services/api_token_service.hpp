#pragma once

#include <string>
#include <string_view>

#include "services/account_service.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct TokenGrant {
  enum class Kind { ok, invalid, throttled };
  Kind kind = Kind::invalid;
  std::string token;  // ok: the bearer token, shown to its holder this once
  Id user_id = 0;     // ok: whose it is
  util::Micros expires_us = 0;
  int retry_after_seconds = 0;  // throttled: the login throttle's wait
};

// Bearer tokens of the REST API: 256 random bits, of which only the SHA-256 is stored, valid
// for an hour. A sign-in with the account's password issues one; it ends when it expires, when
// its holder revokes it, and with every other token of the user on a password change or reset
// (AccountService, PasswordResetService).
class ApiTokenService {
 public:
  static constexpr util::Micros kLifetime = util::seconds(3600);

  ApiTokenService(db::Database& db, AccountService& accounts);

  // Checks the password as the sign-in form does (the same throttle on failures), then issues a
  // new token. The hash of a token is all that is kept, so an earlier one cannot be handed out
  // again: each call makes a new one, and a holder who no longer needs one revokes it.
  TokenGrant issue(const std::string& username, const std::string& password,
                   const std::string& client_ip);
  // The id of the token's holder, or 0 for a token that is unknown, revoked or expired.
  Id holder(std::string_view token, util::Micros now);
  // Whether the token existed (it is gone either way).
  bool revoke(std::string_view token);

 private:
  db::Database& db_;
  AccountService& accounts_;
};

}  // namespace microblog::services

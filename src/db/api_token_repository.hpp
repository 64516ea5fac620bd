#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

struct ApiTokenRow {
  std::string token_hash;
  Id user_id = 0;
  util::Micros created_us = 0;
  util::Micros expires_us = 0;
};

// SQL for api_token. Only the SHA-256 of a token is stored.
namespace api_tokens {

void insert(soci::session& sql, const ApiTokenRow& row);
std::optional<ApiTokenRow> find(soci::session& sql, const std::string& token_hash);
// Whether a row was removed.
bool remove(soci::session& sql, const std::string& token_hash);
// Every token of the user (a password change or reset ends them all).
void remove_for_user(soci::session& sql, Id user_id);
// The user's tokens that expired before `now`: called on each new token, so that a user's rows
// never outgrow the tokens issued within one lifetime.
void remove_expired_for_user(soci::session& sql, Id user_id, util::Micros now);

}  // namespace api_tokens
}  // namespace microblog::db

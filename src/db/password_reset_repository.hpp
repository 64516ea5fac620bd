#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

struct PasswordResetRow {
  std::string token_hash;
  Id user_id = 0;
  util::Micros created_us = 0;
  util::Micros expires_us = 0;
  util::Micros used_us = 0;  // 0: not used
};

// SQL for password_reset. Only the SHA-256 of a token is stored.
namespace password_resets {

void insert(soci::session& sql, const PasswordResetRow& row);
std::optional<PasswordResetRow> find(soci::session& sql, const std::string& token_hash);
// Marks the token used if it is still unused and unexpired; false otherwise. The condition in
// the UPDATE makes a token usable once even when two requests race with it.
bool consume(soci::session& sql, const std::string& token_hash, util::Micros now);
// Marks every other open token of the user used (a reset ends all outstanding links).
void retire_for_user(soci::session& sql, Id user_id, util::Micros now);

}  // namespace password_resets
}  // namespace microblog::db

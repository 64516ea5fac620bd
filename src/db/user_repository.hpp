#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "db/database.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {

using Id = microblog::Id;

struct UserRow {
  Id id = 0;
  std::string username;
  std::string email;
  std::string password_hash;
  std::string about_me;
  util::Micros created_us = 0;
  util::Micros last_seen_us = 0;
  util::Micros last_message_read_us = 0;
  int post_count = 0;
  int follower_count = 0;
  int following_count = 0;
  std::string language;  // the chosen interface language; "" when never chosen
  // The content version of the last change to the lists this user shapes (their posts, name,
  // follows): what a cached profile list is checked against (migrations/*/0007_list_version.sql).
  long long list_version = 0;
};

struct NewUser {
  std::string username;
  std::string email;
  std::string password_hash;
  std::string about_me;
  util::Micros now_us = 0;
};

// SQL for the user table. Look-ups by name or e-mail use the lower-cased *_key columns.
namespace users {

// Throws DuplicateKey (kUsernameIndex or kEmailIndex) when the name or address is taken.
Id insert(soci::session& sql, const NewUser& user);
std::optional<UserRow> find_by_id(Connection& conn, Id id);
std::optional<UserRow> find_by_username(Connection& conn, const std::string& username);
std::optional<UserRow> find_by_email(Connection& conn, const std::string& email);
// A user by name and whether `reader_id` follows them, in one statement.
struct UserAndFollow {
  UserRow user;
  bool followed_by_reader = false;
};
std::optional<UserAndFollow> find_by_username_for(Connection& conn, const std::string& username,
                                                  Id reader_id);
bool username_taken(soci::session& sql, const std::string& username, Id except_id = 0);
bool email_taken(soci::session& sql, const std::string& email, Id except_id = 0);
// Throws DuplicateKey (kUsernameIndex) when the name is taken; raises the content version and
// stamps the user's list_version.
void update_profile(soci::session& sql, Id id, const std::string& username,
                    const std::string& about_me);
// Throws DuplicateKey (kEmailIndex) when the address is taken; raises the content version (the
// avatar in post lists follows the address).
void update_email(soci::session& sql, Id id, const std::string& email);
void update_password_hash(soci::session& sql, Id id, const std::string& hash);
// The interface language the user chose (an offered code; the caller checks it).
void update_language(soci::session& sql, Id id, const std::string& language);
// Writes each (user, now) pair's last_seen only if the stored value is older than now less
// `resolution` (a no-op otherwise), so two instances never both write within that time; one
// statement prepared once for the whole batch.
void touch_last_seen_many(soci::session& sql, const std::vector<std::pair<Id, util::Micros>>& seen,
                          util::Micros resolution);
// Adds the deltas to the post/follower/following counters; called in the transaction that
// inserts or deletes the rows they count.
void add_to_counters(soci::session& sql, Id id, int posts, int followers, int following);
// The users whose list_version is above `version`: those who posted or were renamed since
// (ix_user_list_version). Their name and e-mail as they are now.
struct Look {
  Id id = 0;
  std::string username;
  std::string email;
};
std::vector<Look> touched_since(soci::session& sql, long long version);

}  // namespace users
}  // namespace microblog::db

#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "db/content_version_repository.hpp"
#include "db/database.hpp"
#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

// A stored session and, when logged in, the few user fields every page needs.
struct SessionRow {
  Id user_id = 0;  // 0: anonymous
  std::string data_json;
  bool remember = false;
  util::Micros expires_us = 0;
  std::string username;
  util::Micros last_seen_us = 0;
  // The user's chosen interface language ("" when none), read here so that choosing the
  // language of a page costs no query of its own.
  std::string language;
  // content_version read in the same statement, so that a page with a post list needs no
  // second round trip to the database (services::Session::content_version).
  long long content_version = 0;
  // The user's home_version (0s when they have none), read here for the same reason.
  content_version::HomeVersion home_version;
  // The user's unread private messages (user.unread_message_count), for the navbar's badge.
  int unread_messages = 0;
  // The user's posts export, if one was started (user.export_job_id), for the progress bar.
  Id export_job_id = 0;
};

namespace sessions {

std::optional<SessionRow> find_live(Connection& conn, const std::string& id_hash, util::Micros now);
// The live sessions among `id_hashes` (distinct), as (hash, row) pairs in no order: the
// sessions of concurrent requests in one statement (services::SessionReadBatch).
std::vector<std::pair<std::string, SessionRow>> find_live_many(
    Connection& conn, const std::vector<std::string>& id_hashes, util::Micros now);
// A profile page's look-up: the live session as find_live reads it, and the user named
// `username` (any case) with whether the session's user follows them, in one statement, so that
// a kept profile costs one round trip. `profile` is empty when nobody has that name; its
// password hash and language are not read.
struct SessionWithProfile {
  SessionRow session;
  std::optional<users::UserAndFollow> profile;
};
std::optional<SessionWithProfile> find_live_with_profile(Connection& conn,
                                                         const std::string& id_hash,
                                                         util::Micros now,
                                                         const std::string& username);
void insert(soci::session& sql, const std::string& id_hash, Id user_id,
            const std::string& data_json, bool remember, util::Micros now, util::Micros expires_us);
void update_data(soci::session& sql, const std::string& id_hash, const std::string& data_json);
// Moves each session's expiry later, never earlier (a late batched write must not undo a newer
// one); one statement prepared once for them all.
void extend_expiries(soci::session& sql,
                     const std::vector<std::pair<std::string, util::Micros>>& expiries);
void remove(soci::session& sql, const std::string& id_hash);
// Ends every session of a user but the one named (pass "" to end them all).
void remove_for_user(soci::session& sql, Id user_id, const std::string& keep_id_hash);
long long remove_expired(soci::session& sql, util::Micros now);

}  // namespace sessions
}  // namespace microblog::db

#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

// A user in a list of followers or followed users.
struct UserSummary {
  Id id = 0;
  std::string username;
  std::string email;
};

// SQL for the follow table. The counters on `user` are adjusted by the callers, in the same
// transaction (users::add_to_counters).
namespace follows {

bool exists(Connection& conn, Id follower_id, Id followed_id);
// Throws DuplicateKey (PRIMARY) when the row exists (a concurrent follow of the same user).
// Raises the content version, as remove() does when it removed a row.
void insert(soci::session& sql, Id follower_id, Id followed_id, util::Micros now);
// Whether a row was removed.
bool remove(soci::session& sql, Id follower_id, Id followed_id);

// The users `follower_id` follows, lowest id first (the primary key, covering).
std::vector<Id> followed_ids(soci::session& sql, Id follower_id);

enum class Relation {
  followers,  // the users who follow the subject (ix_follow_followed_id)
  following,  // the users the subject follows (the primary key)
};

// Lists run by user id, highest first: `older` lists ids below the cursor, `newer` ids above it
// (the lowest of them first). Exposed so that tests EXPLAIN exactly what runs. Placeholders,
// in order: the subject, the cursor, the limit.
enum class Direction { older, newer };
const std::string& list_sql(Relation relation, Direction direction);

// One query; rows come back highest user id first whatever the direction.
std::vector<UserSummary> list(soci::session& sql, Relation relation, Id subject,
                              Direction direction, Id cursor, int limit);

}  // namespace follows
}  // namespace microblog::db

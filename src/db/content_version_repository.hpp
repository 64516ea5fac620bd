#pragma once

#include <soci/soci.h>

#include "db/database.hpp"
#include "util/id.hpp"

namespace microblog::db::content_version {

// The counter every cached post list is stored under (migrations/*/0002_content_version.sql).
long long current(Connection& conn);

// What a write changed, for the lists' own versions (migrations/*/0007_list_versions.sql).
enum class Change {
  // A post or a new name: the author's profile list, their home timeline and their
  // followers' home timelines.
  authored,
  // A follow or unfollow: the follower's home timeline.
  followed,
};

// Raises the content version, inside the transaction of a write that changes what a list
// shows, and stamps the new value on the versions of the lists `changed_user`'s `change`
// reaches. Only the repositories' list-changing writes call it (posts::insert, follows::insert
// and remove, users::update_profile), as their last statement: a service cannot make such a
// write and forget it. The content_version row is the point where every such write queues, so
// the rows stamped after it (followers' home_version) are only ever taken in one order and
// MariaDB cannot deadlock on them.
void advance(soci::session& sql, Id changed_user, Change change);

// The version of `user`'s home timeline: 0 before any change to it.
long long home_version(Connection& conn, Id user);

}  // namespace microblog::db::content_version

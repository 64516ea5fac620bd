#pragma once

#include <soci/soci.h>

#include "db/database.hpp"
#include "util/id.hpp"

namespace microblog::db::content_version {

// The counter every cached post list is stored under (migrations/*/0002_content_version.sql).
long long current(Connection& conn);

// What a write changed, for the lists' own versions (migrations/*/0007_list_versions.sql).
enum class Change {
  // A post: the author's profile list. The home timelines it reaches are not stamped: a post
  // only adds to their top, and each instance finds it there through its window of recent
  // posts (services::RecentPosts), so that posting costs no write per follower.
  posted,
  // A new name: the same lists, whose posts now show another name.
  renamed,
  // A follow or unfollow: the follower's home timeline, which gains or loses posts anywhere.
  followed,
  // A post deleted: the author's lists and their followers' timelines lose it anywhere in them
  // (stamped as a rename is), and post_deletion tells the windows of recent posts.
  deleted,
};

// Raises the content version, inside the transaction of a write that changes what a list
// shows, and stamps the new value on the versions of the lists `changed_user`'s `change`
// reaches. Only the repositories' list-changing writes call it (posts::insert, follows::insert
// and remove, users::update_profile), as their last statement: a service cannot make such a
// write and forget it. The content_version row is the point where every such write queues, so
// the rows stamped after it (followers' home_version) are only ever taken in one order and
// MariaDB cannot deadlock on them.
void advance(soci::session& sql, Id changed_user, Change change);

// Both are stamped together, by follows and renames; `version` was also raised by posts in the
// release that added it (migrations/*/0007_list_versions.sql) and is still kept for it.
struct HomeVersion {
  long long version = 0;
  long long reshaped = 0;  // any change but a new post at its top
};

// The versions of `user`'s home timeline: 0 before any change to it.
HomeVersion home_version(Connection& conn, Id user);

}  // namespace microblog::db::content_version

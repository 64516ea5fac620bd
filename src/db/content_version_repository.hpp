#pragma once

#include <soci/soci.h>

#include "db/database.hpp"
#include "util/id.hpp"

namespace microblog::db::content_version {

// The counter every cached post list is stored under (migrations/*/0002_content_version.sql).
long long current(Connection& conn);

// Raises it, inside the transaction of a write that changes what a list shows, and stamps the
// new value on `changed_user`'s list_version: the author of a post, the follower of a follow or
// unfollow, the renamed user. Only the repositories' list-changing writes call it
// (posts::insert, follows::insert and remove, users::update_profile), as their last statement:
// a service cannot make such a write and forget the version, and the single row is held for as
// short a time as possible. The user's row is always locked first (the write itself or its
// counters did it), then this row: one order everywhere, so MariaDB never deadlocks on them.
void advance(soci::session& sql, Id changed_user);

}  // namespace microblog::db::content_version

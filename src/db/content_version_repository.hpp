#pragma once

#include <soci/soci.h>

#include "db/database.hpp"

namespace microblog::db::content_version {

// The counter every cached post list is stored under (migrations/*/0002_content_version.sql).
long long current(Connection& conn);

// Raises it, inside the transaction of a write that changes what a list shows. Only the
// repositories' list-changing writes call it (posts::insert, follows::insert and remove,
// users::update_profile), as their last statement: a service cannot make such a write and
// forget the version, and the single row is held for as short a time as possible.
void advance(soci::session& sql);

}  // namespace microblog::db::content_version

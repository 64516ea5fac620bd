#pragma once

#include <soci/soci.h>

#include "db/database.hpp"

namespace microblog::db::content_version {

// The counter every cached post list is stored under (migrations/*/0002_content_version.sql).
long long current(Connection& conn);

// Raises it. Call inside the transaction of the write that changes a list, last, so that the
// single row is held for as short a time as possible.
void advance(soci::session& sql);

}  // namespace microblog::db::content_version

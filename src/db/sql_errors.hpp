#pragma once

#include <soci/soci.h>

namespace microblog::db {

// True when a statement failed on a unique index or primary key. Services check for a
// conflicting row first; this catches the race where two requests both find none.
bool is_unique_violation(const soci::soci_error& e);

}  // namespace microblog::db

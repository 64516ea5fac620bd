#pragma once

namespace microblog::db {

// Process-wide SQLite settings; must run before the first connection opens (later calls do
// nothing). Kept apart from SOCI's headers, which hide <sqlite3.h> in a namespace.
void configure_sqlite_library();

}  // namespace microblog::db

#include "db/sqlite_library.hpp"

#include <sqlite3.h>

#include <mutex>

namespace microblog::db {

void configure_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Memory statistics take a global mutex on every allocation, which serialises all
    // connections under load; nothing here reads them.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace microblog::db

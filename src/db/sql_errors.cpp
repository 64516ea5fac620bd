#include "db/sql_errors.hpp"

#include <string>

#include "util/text.hpp"

namespace microblog::db {

bool is_unique_violation(const soci::soci_error& e) {
  // SOCI 4.0 has no portable error codes: SQLite says "UNIQUE constraint failed", MariaDB
  // "Duplicate entry".
  const std::string what = util::to_lower_ascii(e.what());
  return what.find("unique") != std::string::npos || what.find("duplicate") != std::string::npos;
}

}  // namespace microblog::db

#include "db/content_version_repository.hpp"

namespace microblog::db::content_version {

long long current(soci::session& sql) {
  long long version = 0;
  sql << "SELECT version FROM content_version WHERE id = 1", soci::into(version);
  return version;
}

void advance(soci::session& sql) {
  sql << "UPDATE content_version SET version = version + 1 WHERE id = 1";
}

}  // namespace microblog::db::content_version

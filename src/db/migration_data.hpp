#pragma once

#include <vector>

namespace microblog::db {

// One SQL file from migrations/<dialect>/, compiled into the binary.
struct EmbeddedMigration {
  const char* dialect;
  int version;
  const char* name;
  const char* kind;  // "expand" or "contract" (docs/migrations.md)
  const char* sql;
};

const std::vector<EmbeddedMigration>& embedded_migrations();

}  // namespace microblog::db

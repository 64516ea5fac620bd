#pragma once

#include <string>

#include "util/clock.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// Counts one attempt under `key` in the throttle table (so that every instance shares the
// count) and returns 0 while the attempts in the current window are at most `allowed`, else
// the seconds until that window ends and the count starts again.
int count_attempt(db::Database& db, const std::string& key, int allowed, util::Micros window,
                  util::Micros now);

}  // namespace microblog::services

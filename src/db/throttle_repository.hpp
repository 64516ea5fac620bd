#pragma once

#include <string>

#include <soci/soci.h>

#include "db/database_url.hpp"
#include "util/clock.hpp"

namespace microblog::db {

struct ThrottleState {
  int failures = 0;
  util::Micros window_start_us = 0;
  util::Micros blocked_until_us = 0;
};

// Failure counters behind the login and reset rate limits, shared by every instance.
namespace throttles {

ThrottleState get(soci::session& sql, const std::string& key);
// Adds one failure (restarting the count if the window began before `window_floor`) and
// returns the new count. Call inside a write transaction.
int add_failure(soci::session& sql, Dialect dialect, const std::string& key, util::Micros now,
                util::Micros window_floor);
void set_blocked_until(soci::session& sql, const std::string& key, util::Micros until);
void clear(soci::session& sql, const std::string& key);
// Deletes counters whose window began before `window_floor` and whose block, if any, has
// ended by `now`: such a row counts for nothing, the next failure would restart it. Returns
// how many went.
long long remove_stale(soci::session& sql, util::Micros window_floor, util::Micros now);

}  // namespace throttles
}  // namespace microblog::db

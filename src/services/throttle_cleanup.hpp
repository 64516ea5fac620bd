#pragma once

#include "util/clock.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// The longest window any rate limit counts over: ERROR_MAIL_INTERVAL_SECONDS may be up to a
// week; logins and password resets count over an hour.
inline constexpr util::Micros kLongestThrottleWindow = util::seconds(7LL * 24 * 3600);

// Deletes rate-limit counters that no longer limit anything (window over, no block running),
// so that failures from many addresses do not pile up in the table. Returns how many went.
long long remove_stale_throttles(db::Database& db, util::Micros now);

}  // namespace microblog::services

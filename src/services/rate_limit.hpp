#pragma once

#include <string>

#include "util/clock.hpp"

namespace microblog::db {
class Connection;
class Database;
}  // namespace microblog::db

namespace microblog::metrics {
class Counter;
}  // namespace microblog::metrics

namespace microblog::services {

// How often one user may do something that stores rows (a post, a follow): a person never
// comes near it, a script does, and the tables stop growing at the script's pace.
struct RateLimit {
  int allowed = 0;  // actions per window
  util::Micros window = util::seconds(60);
  // Counts the actions refused (microblog_rate_limited_total{limit}); none when null.
  metrics::Counter* refused = nullptr;
};

// One more on `counter`, when there is one: the services' counters are optional (the command
// line and the tests make services without a metrics registry).
void count_on(metrics::Counter* counter);

// Counts one more action under `key`, inside the caller's write transaction, in the throttle
// table, so that every instance shares the count. Returns 0 when the action may go ahead;
// otherwise the seconds until the window ends, and the caller must not commit: then the refused
// action is neither stored nor counted.
int count_action(db::Connection& conn, const std::string& key, const RateLimit& limit,
                 util::Micros now);

// The same in a transaction of its own that is always committed: for attempts (a registration,
// a password change) that count whether or not they go ahead.
int count_attempt(db::Database& db, const std::string& key, const RateLimit& limit,
                  util::Micros now);

}  // namespace microblog::services

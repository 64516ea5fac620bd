#include "services/rate_limit.hpp"

#include <algorithm>

#include "db/database.hpp"
#include "db/throttle_repository.hpp"
#include "metrics/registry.hpp"

namespace microblog::services {

void count_on(metrics::Counter* counter) {
  if (counter != nullptr) {
    counter->inc();
  }
}

int count_action(db::Connection& conn, const std::string& key, const RateLimit& limit,
                 util::Micros now) {
  const int count =
      db::throttles::add_failure(conn.sql(), conn.dialect(), key, now, now - limit.window);
  if (count <= limit.allowed) {
    return 0;
  }
  count_on(limit.refused);
  // The window is fixed from its first action: it ends `window` after that, and the count
  // starts again from the next action after that (add_failure).
  const auto state = db::throttles::get(conn.sql(), key);
  const util::Micros left = state.window_start_us + limit.window - now;
  return static_cast<int>(
      std::max<util::Micros>(1, (left + util::kMicrosPerSecond - 1) / util::kMicrosPerSecond));
}

int count_attempt(db::Database& db, const std::string& key, const RateLimit& limit,
                  util::Micros now) {
  auto conn = db.connect();
  db::Transaction tx(conn);
  const int wait = count_action(conn, key, limit, now);
  tx.commit();
  return wait;
}

}  // namespace microblog::services

#include "services/attempt_limit.hpp"

#include <algorithm>

#include "db/database.hpp"
#include "db/throttle_repository.hpp"

namespace microblog::services {

int count_attempt(db::Database& db, const std::string& key, int allowed, util::Micros window,
                  util::Micros now) {
  auto conn = db.connect();
  db::Transaction tx(conn);
  const int attempts =
      db::throttles::add_failure(conn.sql(), conn.dialect(), key, now, now - window);
  const auto state = db::throttles::get(conn.sql(), key);
  tx.commit();
  if (attempts <= allowed) {
    return 0;
  }
  const util::Micros left = state.window_start_us + window - now;
  return static_cast<int>(
      std::max<util::Micros>(1, (left + util::kMicrosPerSecond - 1) / util::kMicrosPerSecond));
}

}  // namespace microblog::services

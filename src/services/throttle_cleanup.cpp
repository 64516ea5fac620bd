#include "services/throttle_cleanup.hpp"

#include "db/database.hpp"
#include "db/throttle_repository.hpp"

namespace microblog::services {

long long remove_stale_throttles(db::Database& db, util::Micros now) {
  auto conn = db.connect();
  db::Transaction tx(conn);
  const long long removed =
      db::throttles::remove_stale(conn.sql(), now - kLongestThrottleWindow, now);
  tx.commit();
  return removed;
}

}  // namespace microblog::services

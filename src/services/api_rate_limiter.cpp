#include "services/api_rate_limiter.hpp"

#include <algorithm>

#include "db/database.hpp"
#include "db/throttle_repository.hpp"
#include "util/crypto.hpp"

namespace microblog::services {
namespace {

util::Micros round_up_seconds(util::Micros t) {
  return (t + util::kMicrosPerSecond - 1) / util::kMicrosPerSecond;
}

ApiQuota count_under(db::Connection& conn, const std::string& key, const RateLimit& limit,
                     util::Micros now) {
  const int count =
      db::throttles::add_failure(conn.sql(), conn.dialect(), key, now, now - limit.window);
  const auto state = db::throttles::get(conn.sql(), key);
  ApiQuota q;
  q.limit = limit.allowed;
  q.remaining = std::max(0, limit.allowed - count);
  q.reset_seconds = static_cast<int>(
      std::max<util::Micros>(1, round_up_seconds(state.window_start_us + limit.window - now)));
  q.exceeded = count > limit.allowed;
  if (q.exceeded) {
    count_on(limit.refused);
  }
  return q;
}

}  // namespace

ApiRateLimiter::ApiRateLimiter(db::Database& db, RateLimit per_token, RateLimit per_address)
    : db_(db), per_token_(per_token), per_address_(per_address) {}

ApiQuota ApiRateLimiter::count(const std::string& client_key, std::string_view token,
                               util::Micros now) {
  auto conn = db_.connect();
  db::Transaction tx(conn);
  ApiQuota quota = count_under(conn, "api:ip:" + client_key.substr(0, 150), per_address_, now);
  if (!token.empty()) {
    // A part of the hash tells tokens apart as well as the whole, and is no token.
    const ApiQuota by_token =
        count_under(conn, "api:token:" + util::sha256_hex(token).substr(0, 32), per_token_, now);
    if (by_token.exceeded > quota.exceeded ||
        (by_token.exceeded == quota.exceeded && by_token.remaining < quota.remaining)) {
      quota = by_token;
    }
  }
  tx.commit();
  return quota;
}

}  // namespace microblog::services

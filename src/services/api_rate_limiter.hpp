#pragma once

#include <string>
#include <string_view>

#include "services/rate_limit.hpp"
#include "util/clock.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// Where a caller stands against the API's limits after one more request: what the
// X-RateLimit-* headers say, and whether the request must be refused.
struct ApiQuota {
  int limit = 0;
  int remaining = 0;
  int reset_seconds = 0;  // until the current window ends
  bool exceeded = false;  // refuse with 429; Retry-After is reset_seconds
};

// Requests to the API per client address and per bearer token, counted in the throttle table
// so that every instance of the site shares the counts. Each window is fixed from its first
// request.
class ApiRateLimiter {
 public:
  ApiRateLimiter(db::Database& db, RateLimit per_token, RateLimit per_address);

  // Counts a request from `client_key` (and under `token`, when it carries one; the token
  // itself is never stored, only a part of its hash). The answer is the tighter of the two.
  ApiQuota count(const std::string& client_key, std::string_view token, util::Micros now);

 private:
  db::Database& db_;
  RateLimit per_token_;
  RateLimit per_address_;
};

}  // namespace microblog::services

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "metrics/registry.hpp"

namespace microblog::db {

// The connection pool's figures (docs/observability.md). Made once with the pool; a checkout
// records with relaxed atomic adds, and the connections in use and idle are read when scraped.
struct PoolMetrics {
  PoolMetrics(metrics::Registry& registry, std::size_t size);

  // A lease granted (or refused) `waited_seconds` after it was asked for; `waited`: no
  // connection was free at once.
  void checked_out(bool waited, double waited_seconds, bool granted);
  void given_back(double held_for);

  std::atomic<std::int64_t> in_use{0};
  metrics::Counter& waits;
  metrics::Histogram& wait_seconds;
  metrics::Histogram& held_seconds;
};

}  // namespace microblog::db

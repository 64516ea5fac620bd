#include "db/pool_metrics.hpp"

namespace microblog::db {

PoolMetrics::PoolMetrics(metrics::Registry& registry, std::size_t size)
    : waits(registry.counter("microblog_db_pool_waits_total",
                             "Database connection checkouts that found no connection free")),
      wait_seconds(registry.histogram(
          "microblog_db_pool_wait_seconds",
          "Time from asking for a database connection to getting one (or giving up), every "
          "checkout",
          {}, metrics::database_buckets())),
      held_seconds(registry.histogram(
          "microblog_db_query_duration_seconds",
          "Time a database connection was held per checkout: the statements it ran and the work "
          "between them",
          {}, metrics::database_buckets())) {
  const auto total = static_cast<double>(size);
  registry.gauge_callback("microblog_db_pool_size", "Database connections the pool holds", {},
                          [total] { return total; });
  constexpr const char* kConnections = "microblog_db_pool_connections";
  constexpr const char* kConnectionsHelp = "Database connections of the pool, by state";
  registry.gauge_callback(kConnections, kConnectionsHelp, {{"state", "in_use"}}, [this] {
    return static_cast<double>(in_use.load(std::memory_order_relaxed));
  });
  registry.gauge_callback(kConnections, kConnectionsHelp, {{"state", "idle"}}, [this, total] {
    return total - static_cast<double>(in_use.load(std::memory_order_relaxed));
  });
}

void PoolMetrics::checked_out(bool waited, double waited_seconds, bool granted) {
  if (waited) {
    waits.inc();
  }
  wait_seconds.observe_seconds(waited_seconds);
  if (granted) {
    in_use.fetch_add(1, std::memory_order_relaxed);
  }
}

void PoolMetrics::given_back(double held_for) {
  in_use.fetch_sub(1, std::memory_order_relaxed);
  held_seconds.observe_seconds(held_for);
}

}  // namespace microblog::db

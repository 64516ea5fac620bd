// The database pool's and the job runner's metrics, counted in a registry of the test's own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/database.hpp"
#include "jobs/job_queue.hpp"
#include "metrics/registry.hpp"
#include "support/metrics_text.hpp"
#include "support/test_database.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class ObservabilityDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
};

TEST_P(ObservabilityDbTest, PoolCheckoutsWaitsAndUseAreCounted) {
  TestDatabase database(GetParam());
  metrics::Registry registry;
  db::Database db(db::parse_database_url(database.url()), 2, &registry);
  std::string text = registry.render();
  EXPECT_EQ(metric_value(text, "microblog_db_pool_size"), 2);
  EXPECT_EQ(metric_value(text, "microblog_db_pool_connections{state=\"in_use\"}"), 0);
  EXPECT_EQ(metric_value(text, "microblog_db_pool_connections{state=\"idle\"}"), 2);
  EXPECT_EQ(metric_value(text, "microblog_db_pool_waits_total"), 0);
  {
    auto first = db.connect();
    auto second = db.connect();
    first.sql() << "SELECT 1";
    text = registry.render();
    EXPECT_EQ(metric_value(text, "microblog_db_pool_connections{state=\"in_use\"}"), 2);
    EXPECT_EQ(metric_value(text, "microblog_db_pool_connections{state=\"idle\"}"), 0);
    // None free: this checkout waits, and gives up.
    EXPECT_THROW(db.connect(std::chrono::milliseconds(20)), db::DatabaseUnavailable);
  }
  text = registry.render();
  EXPECT_EQ(metric_value(text, "microblog_db_pool_waits_total"), 1);
  EXPECT_EQ(metric_value(text, "microblog_db_pool_connections{state=\"in_use\"}"), 0);
  // Every checkout is timed, granted or not; the refused one waited at least its 20 ms.
  EXPECT_EQ(metric_value(text, "microblog_db_pool_wait_seconds_count"), 3);
  EXPECT_GE(metric_value(text, "microblog_db_pool_wait_seconds_sum"), 0.019);
  // Only granted ones are held.
  EXPECT_EQ(metric_value(text, "microblog_db_query_duration_seconds_count"), 2);
  EXPECT_THAT(text, HasSubstr("microblog_db_query_duration_seconds_bucket{le=\"0.0001\"}"));
  // A checkout that finds a connection free does not count as a wait.
  { auto again = db.connect(); }
  EXPECT_EQ(metric_value(registry.render(), "microblog_db_pool_waits_total"), 1);
}

TEST_P(ObservabilityDbTest, JobOutcomesAreCountedByKindAndTheQueueByState) {
  TestDatabase database(GetParam());
  metrics::Registry registry;
  const auto enqueue = [&](const std::string& kind, int max_attempts) {
    auto conn = database.db().connect();
    db::Transaction tx(conn);
    jobs::JobSpec spec;
    spec.kind = kind;
    spec.max_attempts = max_attempts;
    jobs::enqueue(conn.sql(), spec);
    tx.commit();
  };
  jobs::Runner runner(database.db(),
                      {"w", util::seconds(10), util::seconds(30), util::seconds(3600), &registry});
  int flaky_runs = 0;
  runner.register_kind("ok", [](jobs::JobContext&) {});
  runner.register_kind("flaky", [&](jobs::JobContext&) {
    if (++flaky_runs == 1) {
      throw std::runtime_error("first attempt fails");
    }
  });
  runner.register_kind("doomed",
                       [](jobs::JobContext&) { throw jobs::PermanentJobError("never works"); });
  runner.register_kind("tired", [](jobs::JobContext&) { throw std::runtime_error("again"); });
  enqueue("ok", 3);
  enqueue("flaky", 3);
  enqueue("doomed", 3);
  enqueue("tired", 1);  // its one attempt fails: dead
  enqueue("ok", 3);
  enqueue("no.such.kind", 2);  // no handler: a failure counted as "other"

  std::string text = registry.render();
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"queued\"}"), 6);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"running\"}"), 0);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"done\"}"), 0);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"dead\"}"), 0);

  const util::Micros now = util::now_micros();
  runner.run_until_idle(now);
  text = registry.render();
  EXPECT_EQ(metric_value(text, "microblog_jobs_completed_total{kind=\"ok\"}"), 2);
  EXPECT_EQ(metric_value(text, "microblog_job_retries_total{kind=\"flaky\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_jobs_completed_total{kind=\"flaky\"}"), 0);
  EXPECT_EQ(metric_value(text, "microblog_jobs_dead_total{kind=\"doomed\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_job_retries_total{kind=\"doomed\"}"), 0);
  EXPECT_EQ(metric_value(text, "microblog_jobs_dead_total{kind=\"tired\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_job_retries_total{kind=\"other\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"done\"}"), 2);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"dead\"}"), 2);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"queued\"}"), 2);

  // The retries are due an hour on.
  runner.run_until_idle(now + util::seconds(3600));
  text = registry.render();
  EXPECT_EQ(metric_value(text, "microblog_jobs_completed_total{kind=\"flaky\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_jobs_dead_total{kind=\"other\"}"), 1);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"done\"}"), 3);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"dead\"}"), 3);
  EXPECT_EQ(metric_value(text, "microblog_jobs{state=\"queued\"}"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ObservabilityDbTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

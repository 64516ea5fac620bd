#include "jobs/job_queue.hpp"

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_database.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class JobQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  JobQueueTest() : database_(GetParam()) {}
  static void SetUpTestSuite() { util::init_crypto(); }

  Id enqueue(const std::string& kind, int max_attempts = 3) {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    jobs::JobSpec spec;
    spec.kind = kind;
    spec.payload = {{"n", 1}};
    spec.max_attempts = max_attempts;
    const auto id = jobs::enqueue(conn.sql(), spec);
    tx.commit();
    return id;
  }

  db::JobRow job(Id id) {
    auto conn = database_.db().connect();
    return *db::jobs::find(conn.sql(), id);
  }

  jobs::RunnerOptions options(const std::string& name) {
    return {name, util::seconds(10), util::seconds(30), util::seconds(3600)};
  }

  TestDatabase database_;
};

TEST_P(JobQueueTest, EnqueueBelongsToTheCallersTransaction) {
  {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    jobs::enqueue(conn.sql(), {"k", {}, 0, "rolled back", 5, 0});
    // No commit: the job must vanish with the rest of the transaction.
  }
  jobs::Runner runner(database_.db(), options("w"));
  int runs = 0;
  runner.register_kind("k", [&](jobs::JobContext&) { ++runs; });
  EXPECT_EQ(runner.run_until_idle(), 0);
  EXPECT_EQ(runs, 0);
}

TEST_P(JobQueueTest, RunsAJobOnceAndMarksItDone) {
  const auto id = enqueue("k");
  jobs::Runner runner(database_.db(), options("w"));
  int runs = 0;
  runner.register_kind("k", [&](jobs::JobContext& ctx) {
    EXPECT_EQ(ctx.payload()["n"], 1);
    ctx.progress(40);
    EXPECT_EQ(job(ctx.id()).progress, 40);
    ++runs;
  });
  EXPECT_EQ(runner.run_until_idle(), 1);
  EXPECT_EQ(runs, 1);
  const auto row = job(id);
  EXPECT_EQ(row.state, "done");
  EXPECT_EQ(row.progress, 100);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(runner.run_until_idle(), 0);
}

TEST_P(JobQueueTest, FailuresRetryWithDoublingDelayThenDie) {
  const auto id = enqueue("k", 3);
  jobs::Runner runner(database_.db(), options("w"));
  runner.register_kind("k", [](jobs::JobContext&) { throw std::runtime_error("smtp is down"); });
  const util::Micros t0 = util::now_micros();
  EXPECT_EQ(runner.run_until_idle(t0), 1);  // the retry is not due yet: it runs once
  auto row = job(id);
  EXPECT_EQ(row.state, "queued");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "smtp is down");
  EXPECT_NEAR(static_cast<double>(row.run_after_us - t0), 30e6, 2e6);

  const util::Micros t1 = row.run_after_us;
  EXPECT_EQ(runner.run_until_idle(t1), 1);
  row = job(id);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_NEAR(static_cast<double>(row.run_after_us - t1), 60e6, 2e6);

  EXPECT_EQ(runner.run_until_idle(row.run_after_us), 1);
  row = job(id);
  EXPECT_EQ(row.state, "dead");
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.last_error, "smtp is down");
  EXPECT_EQ(runner.run_until_idle(row.run_after_us + util::seconds(86400)), 0);
}

TEST_P(JobQueueTest, PermanentErrorsDieAtOnce) {
  const auto id = enqueue("k", 5);
  jobs::Runner runner(database_.db(), options("w"));
  runner.register_kind("k", [](jobs::JobContext&) { throw jobs::PermanentJobError("401"); });
  runner.run_until_idle();
  EXPECT_EQ(job(id).state, "dead");
  EXPECT_EQ(job(id).attempts, 1);
}

TEST_P(JobQueueTest, AnExpiredLeaseIsTakenOverAndTheOldClaimIsFencedOff) {
  const auto id = enqueue("k");
  const util::Micros t0 = util::now_micros();
  // Worker A claims the job and then stalls (no handler runs: we drive the repository).
  const std::string a = "worker-a:1";
  {
    auto conn = database_.db().connect();
    ASSERT_TRUE(db::jobs::claim(conn.sql(), id, a, t0, t0 + util::seconds(10)));
    // While A's lease runs, nobody else can claim it.
    EXPECT_FALSE(db::jobs::claim(conn.sql(), id, "worker-b:1", t0 + util::seconds(5),
                                 t0 + util::seconds(15)));
  }
  // After the lease, worker B takes it over and completes it.
  jobs::Runner b(database_.db(), options("worker-b"));
  int runs = 0;
  b.register_kind("k", [&](jobs::JobContext&) { ++runs; });
  EXPECT_EQ(b.run_until_idle(t0 + util::seconds(11)), 1);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(job(id).state, "done");
  EXPECT_EQ(job(id).attempts, 2);
  // A wakes up: none of its writes may land.
  auto conn = database_.db().connect();
  EXPECT_FALSE(db::jobs::renew(conn.sql(), id, a, t0, t0 + util::seconds(20), 50));
  EXPECT_FALSE(db::jobs::complete(conn.sql(), id, a, t0, "{}"));
  EXPECT_FALSE(db::jobs::fail(conn.sql(), id, a, t0, "late", false, t0, "{}"));
  EXPECT_EQ(job(id).state, "done");
}

TEST_P(JobQueueTest, AHandlerThatLostItsLeaseCannotComplete) {
  const auto id = enqueue("k");
  jobs::Runner a(database_.db(), options("worker-a"));
  a.register_kind("k", [&](jobs::JobContext& ctx) {
    // Another worker takes the job over while this one is still busy with it.
    auto conn = database_.db().connect();
    conn.sql() << "UPDATE job SET lease_owner = 'someone-else' WHERE id = :id", soci::use(id);
    ctx.renew();  // throws LeaseLost: the side effect after it never happens
    ADD_FAILURE() << "renew() should have thrown";
  });
  a.run_until_idle();
  const auto row = job(id);
  EXPECT_EQ(row.state, "running");
  EXPECT_EQ(row.lease_owner, "someone-else");
}

TEST_P(JobQueueTest, ConcurrentWorkersRunEachJobExactlyOnce) {
  constexpr int kJobs = 12;
  for (int i = 0; i < kJobs; ++i) {
    enqueue("k");
  }
  std::atomic<int> runs{0};
  std::vector<std::unique_ptr<jobs::Runner>> runners;
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w) {
    runners.push_back(
        std::make_unique<jobs::Runner>(database_.db(), options("w" + std::to_string(w))));
    runners.back()->register_kind("k", [&](jobs::JobContext&) { ++runs; });
  }
  for (auto& r : runners) {
    threads.emplace_back([&r] { r->run_until_idle(); });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(runs.load(), kJobs);
  auto conn = database_.db().connect();
  int done = 0;
  conn.sql() << "SELECT COUNT(*) FROM job WHERE state = 'done' AND attempts = 1", soci::into(done);
  EXPECT_EQ(done, kJobs);
}

TEST_P(JobQueueTest, UnknownKindIsRetriedNotLost) {
  const auto id = enqueue("from.a.newer.build");
  jobs::Runner runner(database_.db(), options("w"));
  runner.run_until_idle();
  EXPECT_EQ(job(id).state, "queued");
  EXPECT_THAT(job(id).last_error, HasSubstr("no handler for job kind"));
}

TEST(JobRetryDelay, DoublesAndIsCapped) {
  EXPECT_EQ(jobs::Runner::retry_delay(1, 10, 1000), 10);
  EXPECT_EQ(jobs::Runner::retry_delay(2, 10, 1000), 20);
  EXPECT_EQ(jobs::Runner::retry_delay(4, 10, 1000), 80);
  EXPECT_EQ(jobs::Runner::retry_delay(30, 10, 1000), 1000);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

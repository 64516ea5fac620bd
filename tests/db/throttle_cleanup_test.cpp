#include "services/throttle_cleanup.hpp"

#include <gtest/gtest.h>

#include "db/throttle_repository.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

class ThrottleCleanupTest : public ::testing::TestWithParam<std::string> {
 protected:
  ThrottleCleanupTest() : database_(GetParam()) {}

  void fail(const std::string& key, util::Micros at, util::Micros blocked_until = 0) {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    db::throttles::add_failure(conn.sql(), conn.dialect(), key, at, at - util::seconds(3600));
    if (blocked_until != 0) {
      db::throttles::set_blocked_until(conn.sql(), key, blocked_until);
    }
    tx.commit();
  }

  int failures(const std::string& key) {
    auto conn = database_.db().connect();
    return db::throttles::get(conn.sql(), key).failures;
  }

  TestDatabase database_;
};

TEST_P(ThrottleCleanupTest, RemovesOnlyCountersThatNoLongerLimitAnything) {
  const util::Micros now = util::seconds(2'000'000'000);
  const util::Micros longest = services::kLongestThrottleWindow;
  fail("ip:old", now - longest - util::seconds(60));
  fail("ip:recent", now - util::seconds(60));
  // Inside the longest window by a minute: an error-report interval may still be counting it.
  fail("error:inside", now - longest + util::seconds(60));
  // Old, but blocked until later: removing it would lift the block.
  fail("account:blocked", now - longest - util::seconds(60), now + util::seconds(600));

  EXPECT_EQ(services::remove_stale_throttles(database_.db(), now), 1);

  EXPECT_EQ(failures("ip:old"), 0);
  EXPECT_EQ(failures("ip:recent"), 1);
  EXPECT_EQ(failures("error:inside"), 1);
  EXPECT_EQ(failures("account:blocked"), 1);
  // Nothing left to remove the second time.
  EXPECT_EQ(services::remove_stale_throttles(database_.db(), now), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ThrottleCleanupTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

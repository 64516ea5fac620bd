// The sessions of concurrent requests read in one statement (services::SessionReadBatch,
// DB_BATCH_SESSION_READS): on both backends, every request gets its own session, with the
// versions read with it, and never a session that a write before its arrival changed.
#include <algorithm>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "db/session_repository.hpp"
#include "services/session_service.hpp"
#include "support/accounts_fixture.hpp"

namespace microblog::testing {
namespace {

class SessionReadsTest : public AccountsOnBackend {
 protected:
  SessionReadsTest()
      : sessions_(database_.db(), activity_, "unit-test-secret-key", 24, 30, /*batch_reads=*/true) {
  }

  std::string signed_in(Id user_id, const std::string& name) {
    auto s = sessions_.load(std::nullopt, util::now_micros());
    sessions_.log_in(s, user_id, name, false, util::now_micros());
    return s.id;
  }

  services::SessionService sessions_;
};

TEST_P(SessionReadsTest, ManyInOneStatementEachWithItsOwnUserAndTheVersions) {
  std::vector<std::string> hashes;
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "user" + std::to_string(i);
    ids.push_back(make_user(name));
    hashes.push_back(services::SessionService::hash_id(signed_in(ids.back(), name)));
  }
  hashes.push_back(services::SessionService::hash_id("not-a-stored-session"));
  auto conn = database_.db().connect();
  const auto rows = db::sessions::find_live_many(conn, hashes, util::now_micros());
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& [hash, row] : rows) {
    const auto at = std::find(hashes.begin(), hashes.end(), hash) - hashes.begin();
    ASSERT_LT(at, 5);
    EXPECT_EQ(row.user_id, ids[at]);
    EXPECT_EQ(row.username, "user" + std::to_string(at));
    const auto alone = db::sessions::find_live(conn, hash, util::now_micros());
    ASSERT_TRUE(alone);
    EXPECT_EQ(row.content_version, alone->content_version);
    EXPECT_EQ(row.expires_us, alone->expires_us);
  }
  // Expired ones are not read.
  EXPECT_TRUE(
      db::sessions::find_live_many(conn, hashes, util::now_micros() + util::seconds(86400LL * 400))
          .empty());
}

TEST_P(SessionReadsTest, ConcurrentRequestsEachGetTheirOwnSession) {
  constexpr int kUsers = 6;
  std::vector<std::string> ids;
  for (int i = 0; i < kUsers; ++i) {
    const std::string name = "user" + std::to_string(i);
    ids.push_back(signed_in(make_user(name), name));
  }
  std::atomic<int> wrong{0};
  std::atomic<int> loaded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const int k = (t + i) % kUsers;
        const auto s = sessions_.load(ids[k], util::now_micros());
        if (!s.logged_in() || s.username != "user" + std::to_string(k)) {
          ++wrong;
        }
        ++loaded;
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(loaded.load(), 8 * 40);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_P(SessionReadsTest, ALoadAfterASignOutFindsNoSession) {
  const Id id = make_user("susan");
  const std::string cookie = signed_in(id, "susan");
  auto s = sessions_.load(cookie, util::now_micros());
  ASSERT_TRUE(s.logged_in());
  sessions_.log_out(s);
  EXPECT_FALSE(sessions_.load(cookie, util::now_micros()).logged_in());
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionReadsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

#include <gtest/gtest.h>

#include "db/content_version_repository.hpp"
#include "db/follow_repository.hpp"
#include "db/sql_errors.hpp"
#include "db/user_repository.hpp"
#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/post_service.hpp"
#include "support/test_database.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

// Every write that changes what a post list shows must advance the content version, or the
// cached lists keep showing the old state. One test per write path, through the services.
class ListFreshnessTest : public ::testing::TestWithParam<std::string> {
 protected:
  ListFreshnessTest()
      : database_(GetParam()),
        hasher_(1, 8 * 1024, 2),
        throttle_(database_.db(), 3, 100),
        accounts_(database_.db(), hasher_, throttle_),
        posts_(database_.db(), 25, {1000, util::seconds(60)}),
        follows_(database_.db(), 25, {1000, util::seconds(60)}) {}

  static void SetUpTestSuite() { util::init_crypto(); }

  Id make_user(const std::string& name) {
    const auto r =
        accounts_.register_user({name, name + "@example.com", "password one", "password one"});
    EXPECT_TRUE(r.errors.empty());
    return r.user_id;
  }

  long long version() { return posts_.content_version(); }

  TestDatabase database_;
  services::PasswordHasher hasher_;
  services::LoginThrottle throttle_;
  services::AccountService accounts_;
  services::PostService posts_;
  services::FollowService follows_;
};

TEST_P(ListFreshnessTest, APostAdvancesTheVersionAFailedOneDoesNot) {
  const Id john = make_user("john");
  const long long before = version();
  ASSERT_TRUE(posts_.create(john, "hello").errors.empty());
  EXPECT_EQ(version(), before + 1);
  ASSERT_FALSE(posts_.create(john, "   ").errors.empty());
  EXPECT_EQ(version(), before + 1);
}

TEST_P(ListFreshnessTest, FollowAndUnfollowAdvanceTheVersionOnlyWhenTheyChangeSomething) {
  const Id john = make_user("john");
  make_user("susan");
  const long long before = version();
  ASSERT_EQ(follows_.follow(john, "susan").kind, services::FollowResult::Kind::done);
  EXPECT_EQ(version(), before + 1);
  ASSERT_EQ(follows_.follow(john, "susan").kind, services::FollowResult::Kind::unchanged);
  EXPECT_EQ(version(), before + 1);
  ASSERT_EQ(follows_.unfollow(john, "susan").kind, services::FollowResult::Kind::done);
  EXPECT_EQ(version(), before + 2);
  ASSERT_EQ(follows_.unfollow(john, "susan").kind, services::FollowResult::Kind::unchanged);
  EXPECT_EQ(version(), before + 2);
}

TEST_P(ListFreshnessTest, AProfileEditAdvancesTheVersionARefusedOneDoesNot) {
  const Id john = make_user("john");
  make_user("susan");
  const long long before = version();
  ASSERT_TRUE(accounts_.update_profile(john, "johnny", "about").empty());
  EXPECT_EQ(version(), before + 1);
  ASSERT_FALSE(accounts_.update_profile(john, "susan", "about").empty());
  EXPECT_EQ(version(), before + 1);
}

// Unique violations come out of the repositories as DuplicateKey naming the index, the same on
// both backends, whatever the backend's wording.
TEST_P(ListFreshnessTest, DuplicateKeysNameTheirIndexOnEveryBackend) {
  const Id john = make_user("john");
  const Id susan = make_user("susan");
  auto conn = database_.db().connect();
  const auto index_of = [](const auto& write) {
    try {
      write();
    } catch (const db::DuplicateKey& e) {
      return e.index();
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(index_of([&] {
              db::users::insert(conn.sql(), {"JOHN", "other@example.com", "h", "", 1});
            }),
            db::kUsernameIndex);
  EXPECT_EQ(index_of([&] {
              db::users::insert(conn.sql(), {"other", "John@Example.com", "h", "", 1});
            }),
            db::kEmailIndex);
  EXPECT_EQ(index_of([&] { db::users::update_profile(conn.sql(), susan, "John", ""); }),
            db::kUsernameIndex);
  db::follows::insert(conn.sql(), john, susan, 1);
  EXPECT_EQ(index_of([&] { db::follows::insert(conn.sql(), john, susan, 2); }), db::kPrimaryKey);
  // Any other failure, another constraint included (no such user), passes through as it was.
  EXPECT_THROW(db::follows::insert(conn.sql(), john, susan + 1000, 3), soci::soci_error);
}

INSTANTIATE_TEST_SUITE_P(Backends, ListFreshnessTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

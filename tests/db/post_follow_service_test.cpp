#include <gtest/gtest.h>

#include "db/follow_repository.hpp"
#include "db/sql_errors.hpp"
#include "db/user_repository.hpp"
#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/post_service.hpp"
#include "support/accounts_fixture.hpp"

namespace microblog::testing {
namespace {

using services::FollowResult;
using services::PageRequest;
using Kind = PageRequest::Kind;

class PostFollowServiceTest : public AccountsOnBackend {
 protected:
  PostFollowServiceTest()
      : posts_(database_.db(), 25, {1000, util::seconds(60)}),
        follows_(database_.db(), 25, {1000, util::seconds(60)}) {}

  Id post(Id author, const std::string& body) {
    const auto r = posts_.create(author, body);
    EXPECT_TRUE(r.errors.empty()) << r.errors.begin()->first;
    return r.post_id;
  }

  // n posts "<prefix> 1" .. "<prefix> n", oldest first; returns their ids.
  std::vector<Id> posts_by(Id author, int n, const std::string& prefix = "post") {
    std::vector<Id> ids;
    for (int i = 1; i <= n; ++i) {
      ids.push_back(post(author, prefix + " " + std::to_string(i)));
    }
    return ids;
  }

  static std::vector<std::string> bodies(const services::PostPage& page) {
    std::vector<std::string> out;
    for (const auto& p : page.rows) {
      out.push_back(p.body);
    }
    return out;
  }

  static std::vector<Id> ids(const services::PostPage& page) {
    std::vector<Id> out;
    for (const auto& p : page.rows) {
      out.push_back(p.id);
    }
    return out;
  }

  services::UserProfile user(Id id) { return *accounts_.find_by_id(id); }

  services::PostService posts_;
  services::FollowService follows_;
};

TEST_P(PostFollowServiceTest, TimelineHoldsOwnAndFollowedPostsNewestFirst) {
  const auto john = make_user("john");
  const auto susan = make_user("susan");
  const auto mary = make_user("mary");
  post(john, "john one");
  post(susan, "susan one");
  post(mary, "mary one");
  post(john, "john two");
  ASSERT_EQ(follows_.follow(john, "susan").kind, FollowResult::Kind::done);

  auto page = posts_.timeline(john, {});
  EXPECT_EQ(bodies(page), (std::vector<std::string>{"john two", "susan one", "john one"}));
  EXPECT_EQ(page.rows.front().author_username, "john");
  EXPECT_EQ(page.rows.front().author_avatar, services::avatar_hash("john@example.com"));
  EXPECT_EQ(page.rows[1].author_username, "susan");
  // Mary sees only her own post; explore sees everything.
  EXPECT_EQ(bodies(posts_.timeline(mary, {})), (std::vector<std::string>{"mary one"}));
  EXPECT_EQ(posts_.explore({}).rows.size(), 4U);
  EXPECT_EQ(bodies(posts_.by_author(susan, {})), (std::vector<std::string>{"susan one"}));

  ASSERT_EQ(follows_.unfollow(john, "susan").kind, FollowResult::Kind::done);
  EXPECT_EQ(bodies(posts_.timeline(john, {})), (std::vector<std::string>{"john two", "john one"}));
}

TEST_P(PostFollowServiceTest, ExactlyOnePageAndOneMore) {
  const auto john = make_user("john");
  const auto made = posts_by(john, 25);
  auto page = posts_.explore({});
  EXPECT_EQ(page.rows.size(), 25U);
  EXPECT_FALSE(page.older_before);
  EXPECT_FALSE(page.newer_after);

  const auto extra = post(john, "post 26");
  page = posts_.timeline(john, {});
  EXPECT_EQ(page.rows.size(), 25U);
  EXPECT_EQ(page.rows.front().id, extra);
  ASSERT_EQ(page.older_before, made[1]);
  const auto older = posts_.timeline(john, {Kind::before, *page.older_before});
  EXPECT_EQ(ids(older), (std::vector<Id>{made[0]}));
  EXPECT_FALSE(older.older_before);
  ASSERT_EQ(older.newer_after, made[0]);
  // Newer from the last page leads back to the first page's posts.
  const auto newer = posts_.timeline(john, {Kind::after, *older.newer_after});
  EXPECT_EQ(ids(newer), ids(page));
  EXPECT_FALSE(newer.newer_after);
}

TEST_P(PostFollowServiceTest, PagePastTheEndIsEmpty) {
  const auto john = make_user("john");
  posts_by(john, 3);
  const auto page = posts_.explore({Kind::number, 200});
  EXPECT_TRUE(page.rows.empty());
  EXPECT_FALSE(page.older_before);
  const auto profile = posts_.by_author(john, {Kind::number, 2});
  EXPECT_TRUE(profile.rows.empty());
  EXPECT_EQ(posts_.by_author(john, {Kind::number, 1}).rows.size(), 3U);
}

TEST_P(PostFollowServiceTest, NewPostsDoNotShiftKeysetPages) {
  const auto john = make_user("john");
  const auto all = posts_by(john, 60);
  const auto first = posts_.explore({});
  ASSERT_TRUE(first.older_before);
  // Someone posts between two page loads.
  posts_by(john, 3, "late");
  const auto second = posts_.explore({Kind::before, *first.older_before});
  ASSERT_TRUE(second.older_before);
  const auto third = posts_.explore({Kind::before, *second.older_before});
  std::vector<Id> seen = ids(first);
  for (const auto& p : {second, third}) {
    const auto more = ids(p);
    seen.insert(seen.end(), more.begin(), more.end());
  }
  // Every one of the 60 posts exactly once, newest first: nothing repeated, nothing lost.
  EXPECT_EQ(seen, std::vector<Id>(all.rbegin(), all.rend()));
  EXPECT_FALSE(third.older_before);
  // The numbered form does shift (documented): page 2 now repeats three posts of page 1.
  const auto numbered = posts_.explore({Kind::number, 2});
  EXPECT_EQ(numbered.rows.front().id, first.rows[22].id);
}

TEST_P(PostFollowServiceTest, CreateValidatesDetectsLanguageAndCounts) {
  const auto john = make_user("john");
  auto r = posts_.create(john, "   \r\n ");
  EXPECT_EQ(r.errors.at("post").problem, services::Problem::missing);
  r = posts_.create(john, std::string(141, 'x'));
  EXPECT_EQ(r.errors.at("post"), (services::FieldProblem{services::Problem::too_long, 141}));
  EXPECT_EQ(user(john).post_count, 0);
  EXPECT_TRUE(posts_.explore({}).rows.empty());

  r = posts_.create(john, "This is an English sentence about the weather today.\r\n");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.language, "en");
  r = posts_.create(john,
                    "Esta es una frase en español sobre el tiempo que hace hoy en la ciudad.");
  EXPECT_EQ(r.language, "es");
  r = posts_.create(john, "hi");
  EXPECT_EQ(r.language, "");
  std::string enye;
  for (int i = 0; i < 140; ++i) {
    enye += "ñ";
  }
  r = posts_.create(john, enye);
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(user(john).post_count, 4);
  const auto page = posts_.explore({});
  ASSERT_EQ(page.rows.size(), 4U);
  // Stored as checked: multibyte text intact (MariaDB's VARCHAR(140) counts characters).
  EXPECT_EQ(page.rows[0].body, enye);
  EXPECT_EQ(page.rows[1].language, "");
  EXPECT_EQ(page.rows[2].language, "es");
  EXPECT_EQ(page.rows[3].body, "This is an English sentence about the weather today.");
  EXPECT_EQ(page.rows[3].language, "en");
}

TEST_P(PostFollowServiceTest, FollowRulesAndCounters) {
  const auto john = make_user("john");
  const auto susan = make_user("susan");
  EXPECT_EQ(follows_.follow(john, "john").kind, FollowResult::Kind::self);
  EXPECT_EQ(follows_.follow(john, "nobody").kind, FollowResult::Kind::not_found);
  EXPECT_EQ(follows_.follow(john, "../x").kind, FollowResult::Kind::not_found);
  EXPECT_EQ(user(john).following_count, 0);
  EXPECT_FALSE(follows_.is_following(john, john));

  const auto r = follows_.follow(john, "SUSAN");
  EXPECT_EQ(r.kind, FollowResult::Kind::done);
  EXPECT_EQ(r.username, "susan");
  EXPECT_EQ(follows_.follow(john, "susan").kind, FollowResult::Kind::unchanged);
  EXPECT_TRUE(follows_.is_following(john, susan));
  EXPECT_FALSE(follows_.is_following(susan, john));
  EXPECT_EQ(user(john).following_count, 1);
  EXPECT_EQ(user(john).follower_count, 0);
  EXPECT_EQ(user(susan).follower_count, 1);
  EXPECT_EQ(user(susan).following_count, 0);
  EXPECT_EQ(follows_.list(services::Relation::followers, susan, {}).rows.size(), 1U);

  EXPECT_EQ(follows_.unfollow(john, "john").kind, FollowResult::Kind::self);
  EXPECT_EQ(follows_.unfollow(susan, "john").kind, FollowResult::Kind::unchanged);
  EXPECT_EQ(follows_.unfollow(john, "susan").kind, FollowResult::Kind::done);
  EXPECT_EQ(follows_.unfollow(john, "susan").kind, FollowResult::Kind::unchanged);
  EXPECT_EQ(user(john).following_count, 0);
  EXPECT_EQ(user(susan).follower_count, 0);
  EXPECT_FALSE(follows_.is_following(john, susan));
}

TEST_P(PostFollowServiceTest, FollowerAndFollowingListsPaginate) {
  const auto star = make_user("star");
  std::vector<Id> fans;
  for (int i = 0; i < 27; ++i) {
    const auto fan = make_user("fan" + std::to_string(i));
    fans.push_back(fan);
    ASSERT_EQ(follows_.follow(fan, "star").kind, FollowResult::Kind::done);
    ASSERT_EQ(follows_.follow(star, "fan" + std::to_string(i)).kind, FollowResult::Kind::done);
  }
  EXPECT_EQ(user(star).follower_count, 27);
  EXPECT_EQ(user(star).following_count, 27);
  EXPECT_EQ(user(fans[0]).follower_count, 1);

  const auto first = follows_.list(services::Relation::followers, star, {});
  ASSERT_EQ(first.rows.size(), 25U);
  EXPECT_EQ(first.rows.front().username, "fan26");  // highest id first
  EXPECT_EQ(first.rows.front().avatar, services::avatar_hash("fan26@example.com"));
  ASSERT_TRUE(first.older_before);
  const auto rest =
      follows_.list(services::Relation::followers, star, {Kind::before, *first.older_before});
  ASSERT_EQ(rest.rows.size(), 2U);
  EXPECT_EQ(rest.rows[0].username, "fan1");
  EXPECT_EQ(rest.rows[1].username, "fan0");
  EXPECT_FALSE(rest.older_before);
  ASSERT_TRUE(rest.newer_after);
  EXPECT_EQ(follows_.list(services::Relation::followers, star, {Kind::after, *rest.newer_after})
                .rows.size(),
            25U);

  const auto following = follows_.list(services::Relation::following, star, {});
  EXPECT_EQ(following.rows.size(), 25U);
  EXPECT_EQ(following.rows.back().username, "fan2");
  EXPECT_EQ(follows_.list(services::Relation::following, fans[3], {}).rows.size(), 1U);
  EXPECT_TRUE(
      follows_.list(services::Relation::followers, fans[3], {Kind::before, 1}).rows.empty());
}

// Every write that changes what a post list shows must advance the content version, or the
// cached lists keep showing the old state: one test per write path.
TEST_P(PostFollowServiceTest, APostAdvancesTheVersionAFailedOneDoesNot) {
  const Id john = make_user("john");
  const long long before = posts_.content_version();
  ASSERT_TRUE(posts_.create(john, "hello").errors.empty());
  EXPECT_EQ(posts_.content_version(), before + 1);
  ASSERT_FALSE(posts_.create(john, "   ").errors.empty());
  EXPECT_EQ(posts_.content_version(), before + 1);
}

TEST_P(PostFollowServiceTest, FollowAndUnfollowAdvanceTheVersionOnlyWhenTheyChangeSomething) {
  const Id john = make_user("john");
  make_user("susan");
  const long long before = posts_.content_version();
  ASSERT_EQ(follows_.follow(john, "susan").kind, services::FollowResult::Kind::done);
  EXPECT_EQ(posts_.content_version(), before + 1);
  ASSERT_EQ(follows_.follow(john, "susan").kind, services::FollowResult::Kind::unchanged);
  EXPECT_EQ(posts_.content_version(), before + 1);
  ASSERT_EQ(follows_.unfollow(john, "susan").kind, services::FollowResult::Kind::done);
  EXPECT_EQ(posts_.content_version(), before + 2);
  ASSERT_EQ(follows_.unfollow(john, "susan").kind, services::FollowResult::Kind::unchanged);
  EXPECT_EQ(posts_.content_version(), before + 2);
}

TEST_P(PostFollowServiceTest, AProfileEditAdvancesTheVersionARefusedOneDoesNot) {
  const Id john = make_user("john");
  make_user("susan");
  const long long before = posts_.content_version();
  ASSERT_TRUE(accounts_.update_profile(john, "johnny", "about").empty());
  EXPECT_EQ(posts_.content_version(), before + 1);
  ASSERT_FALSE(accounts_.update_profile(john, "susan", "about").empty());
  EXPECT_EQ(posts_.content_version(), before + 1);
}

// Unique violations come out of the repositories as DuplicateKey naming the index, the same on
// both backends, whatever the backend's wording.
TEST_P(PostFollowServiceTest, DuplicateKeysNameTheirIndexOnEveryBackend) {
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

INSTANTIATE_TEST_SUITE_P(Backends, PostFollowServiceTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

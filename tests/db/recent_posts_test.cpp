// The window of recent posts on both backends: it holds every post above its floor, reads only
// what is new when a newer content version is seen, gives renamed authors' posts their new name,
// and says when it is too short for a page rather than guess.
#include "services/recent_posts.hpp"

#include <gtest/gtest.h>

#include "services/account_service.hpp"
#include "services/follow_service.hpp"
#include "services/post_service.hpp"
#include "support/accounts_fixture.hpp"

namespace microblog::testing {
namespace {

using services::RecentPosts;
using services::RecentWindow;

class RecentPostsTest : public AccountsOnBackend {
 protected:
  RecentPostsTest()
      : posts_(database_.db(), 25, {1000, util::seconds(60)}),
        follows_(database_.db(), 25, {1000, util::seconds(60)}) {}

  std::vector<Id> post(Id author, int n, const std::string& prefix) {
    std::vector<Id> ids;
    for (int i = 1; i <= n; ++i) {
      const auto r = posts_.create(author, prefix + " " + std::to_string(i));
      EXPECT_TRUE(r.errors.empty());
      ids.push_back(r.post_id);
    }
    return ids;
  }

  std::shared_ptr<const RecentWindow> now(RecentPosts& recent) {
    return recent.at(posts_.content_version());
  }

  static std::vector<Id> ids(const RecentWindow& w) {
    std::vector<Id> out;
    for (const auto& p : w.posts) {
      out.push_back(p->id);
    }
    return out;
  }

  services::PostService posts_;
  services::FollowService follows_;
};

TEST_P(RecentPostsTest, HoldsEveryPostAndReadsWhatIsNewOnlyForANewerVersion) {
  const Id john = make_user("john");
  auto made = post(john, 3, "early");
  RecentPosts recent(database_.db(), 100);
  const long long seen = posts_.content_version();
  const auto first = recent.at(seen);
  EXPECT_EQ(ids(*first), made);
  EXPECT_EQ(first->floor, 0);  // fewer posts than room: all of them

  const auto later = post(john, 2, "later");
  // A request that saw the old version gets the window as it was, without a query.
  EXPECT_EQ(recent.at(seen), first);
  made.insert(made.end(), later.begin(), later.end());
  const auto second = now(recent);
  EXPECT_EQ(ids(*second), made);
  EXPECT_EQ(second->posts.front(), first->posts.front());  // the same posts, not read again
  EXPECT_EQ(second->posts.back()->body, "later 2");
  EXPECT_EQ(second->posts.back()->author_username, "john");
}

TEST_P(RecentPostsTest, ADeletedPostLeavesTheWindowAndOnlyItsAuthorDeletesIt) {
  const Id john = make_user("john");
  const Id susan = make_user("susan");
  const auto made = post(john, 3, "post");
  RecentPosts recent(database_.db(), 100);
  EXPECT_EQ(ids(*now(recent)), made);
  using Removal = services::PostService::Removal;
  EXPECT_EQ(posts_.remove(susan, made[1]), Removal::not_author);
  EXPECT_EQ(posts_.remove(john, made[1] + 1000), Removal::not_found);
  EXPECT_EQ(ids(*now(recent)), made);  // refusals change nothing
  EXPECT_EQ(posts_.remove(john, made[1]), Removal::deleted);
  EXPECT_EQ(posts_.remove(john, made[1]), Removal::not_found);
  // Read from the old window, not loaded afresh, and the deletion is applied.
  EXPECT_EQ(ids(*now(recent)), (std::vector<Id>{made[0], made[2]}));
  // Another instance's window, loaded after the deletion, agrees.
  RecentPosts fresh(database_.db(), 100);
  EXPECT_EQ(ids(*now(fresh)), (std::vector<Id>{made[0], made[2]}));
  auto conn = database_.db().connect();
  int count = -1;
  conn.sql() << "SELECT post_count FROM user WHERE id = :u", soci::use(john), soci::into(count);
  EXPECT_EQ(count, 2);
}

TEST_P(RecentPostsTest, KeepsTheNewestAndRaisesItsFloorWhenFull) {
  const Id john = make_user("john");
  const auto made = post(john, 3, "post");
  RecentPosts recent(database_.db(), 3);
  EXPECT_EQ(ids(*now(recent)), made);
  const auto more = post(john, 2, "more");
  const auto w = now(recent);
  EXPECT_EQ(ids(*w), (std::vector<Id>{made[2], more[0], more[1]}));
  EXPECT_EQ(w->floor, made[1]);
  EXPECT_TRUE(w->reaches(made[1]));
  EXPECT_FALSE(w->reaches(made[0]));

  // More new posts than it holds at once: it starts again from the newest.
  const auto burst = post(john, 4, "burst");
  const auto after_burst = now(recent);
  EXPECT_EQ(ids(*after_burst), (std::vector<Id>{burst[1], burst[2], burst[3]}));
  EXPECT_GE(after_burst->floor, burst[0]);
  EXPECT_LT(after_burst->floor, burst[1]);
}

TEST_P(RecentPostsTest, ARenamedAuthorsPostsTakeTheNewName) {
  const Id john = make_user("john");
  const Id susan = make_user("susan");
  post(john, 2, "by john");
  post(susan, 1, "by susan");
  RecentPosts recent(database_.db(), 100);
  ASSERT_EQ(now(recent)->posts.size(), 3U);
  ASSERT_TRUE(accounts_.update_profile(john, "johnny", "").empty());
  const auto w = now(recent);
  ASSERT_EQ(w->posts.size(), 3U);
  EXPECT_EQ(w->posts[0]->author_username, "johnny");
  EXPECT_EQ(w->posts[1]->author_username, "johnny");
  EXPECT_EQ(w->posts[2]->author_username, "susan");
}

TEST_P(RecentPostsTest, CutsPagesByAuthorAndSaysWhenItIsTooShort) {
  const Id john = make_user("john");
  const Id susan = make_user("susan");
  const auto johns = post(john, 3, "john");
  const auto susans = post(susan, 2, "susan");
  RecentPosts recent(database_.db(), 4);  // john's first post is not in it
  const auto w = now(recent);
  const std::vector<Id> only_susan = {susan};
  const std::vector<Id> only_john = {john};

  const auto two = RecentPosts::newest_page(*w, nullptr, 2);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->rows.size(), 2U);
  EXPECT_EQ(two->rows[0].id, susans[1]);
  EXPECT_EQ(two->older_before, susans[0]);
  // Susan's two posts and one more match: a full page of one with an older page after it.
  const auto susan_page = RecentPosts::newest_page(*w, &only_susan, 1);
  ASSERT_TRUE(susan_page);
  EXPECT_EQ(susan_page->older_before, susans[1]);
  // John has a third post below the window: a page of three cannot be cut from it.
  EXPECT_FALSE(RecentPosts::newest_page(*w, &only_john, 3));
  EXPECT_TRUE(RecentPosts::newest_page(*w, &only_john, 1));

  const auto came = RecentPosts::since(*w, johns[2], &only_susan);
  ASSERT_EQ(came.size(), 2U);
  EXPECT_EQ(came[0]->id, susans[1]);  // newest first
  EXPECT_TRUE(RecentPosts::since(*w, johns[2], &only_john).empty());
}

TEST_P(RecentPostsTest, TimelineAuthorsAreTheFollowedAndTheReaderSorted) {
  const Id john = make_user("john");
  const Id susan = make_user("susan");
  const Id mary = make_user("mary");
  ASSERT_EQ(follows_.follow(susan, "mary").kind, services::FollowResult::Kind::done);
  ASSERT_EQ(follows_.follow(susan, "john").kind, services::FollowResult::Kind::done);
  EXPECT_EQ(posts_.timeline_authors(susan), (std::vector<Id>{john, susan, mary}));
  EXPECT_EQ(posts_.timeline_authors(mary), (std::vector<Id>{mary}));
}

INSTANTIATE_TEST_SUITE_P(Backends, RecentPostsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

// What the per-list caches must never get wrong on a busy site, on both backends and across the
// two instances of a pair sharing one database: a post reaches every follower's home at once,
// an unfollow takes the posts away, a rename shows on every cached post, and another user's
// post leaves the lists it is not in alone.
#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class BusySiteTest : public HttpTest {
 protected:
  static HttpResult post_text(HttpClient& c, const std::string& text) {
    return c.submit("/index", "/index", {{"post", text}});
  }
  static void follow(HttpClient& c, const std::string& whom) {
    ASSERT_EQ(c.submit("/user/" + whom, "/follow/" + whom, {}).status, 302);
  }
  const auto& lists() { return server().app().post_lists().lists(); }
  void check_brought_up_to_date(const std::string& window);
  web::PostFragments& fragments() { return server().app().post_lists().fragments(); }
};

TEST_P(BusySiteTest, APostReachesEveryFollowersHomeAtOnceOnBothInstances) {
  for (const char* name : {"john", "susan", "david", "mary"}) {
    register_user(name, std::string(name) + "@example.com");
  }
  TestServer other(test_config(test_environment(database().url())));
  auto susan_here = signed_in("susan");
  auto david_there = signed_in_at(other.port(), "david");
  auto susan_there = signed_in_at(other.port(), "susan");
  auto mary_there = signed_in_at(other.port(), "mary");
  follow(susan_here, "john");
  follow(david_there, "john");
  // Every home page cached on both instances before the post.
  for (auto* c : {&susan_here, &david_there, &susan_there, &mary_there}) {
    EXPECT_THAT(c->get("/index").body, Not(HasSubstr("Fresh from john")));
  }
  auto david_here = signed_in("david");
  EXPECT_THAT(david_here.get("/index").body, Not(HasSubstr("Fresh from john")));

  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "Fresh from john").status, 302);
  for (auto* c : {&susan_here, &david_here, &susan_there, &david_there}) {
    EXPECT_THAT(c->get("/index").body, HasSubstr("Fresh from john"));
  }
  EXPECT_THAT(mary_there.get("/index").body, Not(HasSubstr("Fresh from john")));
  EXPECT_THAT(mary_there.get("/explore").body, HasSubstr("Fresh from john"));
}

TEST_P(BusySiteTest, UnfollowingRemovesThePostsFromTheCachedHomeOnBothInstances) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "A post by john").status, 302);
  TestServer other(test_config(test_environment(database().url())));
  auto susan_here = signed_in("susan");
  auto susan_there = signed_in_at(other.port(), "susan");
  follow(susan_here, "john");
  EXPECT_THAT(susan_here.get("/index").body, HasSubstr("A post by john"));
  EXPECT_THAT(susan_there.get("/index").body, HasSubstr("A post by john"));

  ASSERT_EQ(susan_there.submit("/user/john", "/unfollow/john", {}).status, 302);
  EXPECT_THAT(susan_here.get("/index").body, Not(HasSubstr("A post by john")));
  EXPECT_THAT(susan_there.get("/index").body, Not(HasSubstr("A post by john")));
}

TEST_P(BusySiteTest, ARenameShowsOnEveryCachedPostOfTheAuthorOnBothInstances) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(post_text(john, "Post number " + std::to_string(i)).status, 302);
  }
  TestServer other(test_config(test_environment(database().url())));
  auto susan_here = signed_in("susan");
  auto susan_there = signed_in_at(other.port(), "susan");
  follow(susan_here, "john");
  const std::vector<std::string> pages = {"/index", "/explore", "/user/john"};
  for (auto* c : {&susan_here, &susan_there}) {
    for (const auto& page : pages) {
      EXPECT_THAT(c->get(page).body, HasSubstr("href=\"/user/john\""));
    }
  }

  ASSERT_EQ(
      john.submit("/edit_profile", "/edit_profile", {{"username", "johnny"}, {"about_me", ""}})
          .status,
      302);
  for (auto* c : {&susan_here, &susan_there}) {
    for (const auto& page :
         {std::string("/index"), std::string("/explore"), std::string("/user/johnny")}) {
      const auto body = c->get(page).body;
      EXPECT_THAT(body, Not(HasSubstr("href=\"/user/john\""))) << page;
      for (int i = 0; i < 3; ++i) {
        EXPECT_THAT(body, HasSubstr("Post number " + std::to_string(i))) << page;
      }
      EXPECT_THAT(body, HasSubstr("href=\"/user/johnny\"")) << page;
    }
  }
}

TEST_P(BusySiteTest, APostLeavesTheHomeTimelinesItIsNotInCached) {
  for (const char* name : {"john", "susan", "mary"}) {
    register_user(name, std::string(name) + "@example.com");
  }
  auto susan = signed_in("susan");
  follow(susan, "john");
  auto mary = signed_in("mary");
  ASSERT_EQ(post_text(mary, "Mary writes to nobody in particular").status, 302);
  susan.get("/index");  // cached now

  ASSERT_EQ(post_text(mary, "Mary again").status, 302);
  const long long hits = lists().hits();
  const long long misses = lists().misses();
  EXPECT_THAT(susan.get("/index").body, Not(HasSubstr("Mary")));
  EXPECT_EQ(lists().hits(), hits + 1);
  EXPECT_EQ(lists().misses(), misses);

  // A post by someone susan follows does reach her list: the one new post is rendered.
  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "John for his followers").status, 302);
  const long long rendered = fragments().misses();
  EXPECT_THAT(susan.get("/index").body, HasSubstr("John for his followers"));
  EXPECT_EQ(fragments().misses(), rendered + 1);
}

// The part of a page that lists posts, pager included.
std::string post_list_of(const std::string& page) {
  const auto begin = page.find("<div class=\"post-list\">");
  const auto end = page.find("</nav>", begin);
  return begin == std::string::npos || end == std::string::npos ? std::string()
                                                                : page.substr(begin, end - begin);
}

// Susan's first home page, kept and brought up to date as posts come and she unfollows, against
// the same page read whole from the database by an instance that keeps nothing.
void BusySiteTest::check_brought_up_to_date(const std::string& window) {
  const std::map<std::string, std::string> settings = {{"POSTS_PER_PAGE", "4"},
                                                       {"POSTS_PER_USER_PER_MINUTE", "1000"}};
  auto cached = settings;
  cached["RECENT_POSTS"] = window;
  start(cached);
  for (const char* name : {"john", "susan", "mary"}) {
    register_user(name, std::string(name) + "@example.com");
  }
  auto john = signed_in("john");
  auto mary = signed_in("mary");
  auto susan = signed_in("susan");
  follow(susan, "john");
  follow(susan, "mary");
  const int per_page = server().app().config().posts_per_page;
  for (int i = 0; i < per_page + 2; ++i) {
    ASSERT_EQ(post_text(i % 2 == 0 ? john : mary, "Earlier post " + std::to_string(i)).status, 302);
  }
  TestServer uncached(test_config([&] {
    auto env = test_environment(database().url());
    env.insert(settings.begin(), settings.end());
    env["POST_LIST_CACHE_MB"] = "0";
    env["RECENT_POSTS"] = "0";
    return env;
  }()));
  HttpClient susan_uncached = signed_in_at(uncached.port(), "susan");
  const auto check = [&](const std::string& what) {
    const auto kept = post_list_of(susan.get("/index").body);
    ASSERT_FALSE(kept.empty()) << what;
    EXPECT_EQ(kept, post_list_of(susan_uncached.get("/index").body)) << what;
  };
  check("read whole");
  for (int n : {1, 3, per_page, per_page + 1}) {
    for (int i = 0; i < n; ++i) {
      ASSERT_EQ(post_text(i % 2 == 0 ? mary : john,
                          "Later post " + std::to_string(n) + "." + std::to_string(i))
                    .status,
                302);
    }
    check(std::to_string(n) + " new posts");
  }
  // An unfollow is not only new posts at the top: the page is read whole again.
  ASSERT_EQ(susan.submit("/user/mary", "/unfollow/mary", {}).status, 302);
  check("after an unfollow");
  EXPECT_THAT(susan.get("/index").body, Not(HasSubstr("Later post 1.0")));
}

TEST_P(BusySiteTest, AFirstHomePageBroughtUpToDateFromTheWindowMatchesOneReadWhole) {
  check_brought_up_to_date("8192");
}

// Two posts are too few for the pages above: the kept page reads what came from the database.
TEST_P(BusySiteTest, AFirstHomePageBroughtUpToDateByQueryMatchesOneReadWhole) {
  check_brought_up_to_date("2");
}

// With no kept pages, home and explore are still cut from the window: a rename on the other
// instance must show there at once.
TEST_P(BusySiteTest, WithTheCacheOffTheWindowShowsNewPostsAndRenamesAtOnce) {
  start({{"POST_LIST_CACHE_MB", "0"}});
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto susan = signed_in("susan");
  follow(susan, "john");
  ASSERT_EQ(post_text(john, "Before the rename").status, 302);
  EXPECT_THAT(susan.get("/index").body, HasSubstr("Before the rename"));
  EXPECT_THAT(susan.get("/explore").body, HasSubstr("href=\"/user/john\""));

  TestServer other(test_config(test_environment(database().url())));
  auto john_there = signed_in_at(other.port(), "john");
  ASSERT_EQ(post_text(john_there, "After the rename").status, 302);
  ASSERT_EQ(
      john_there
          .submit("/edit_profile", "/edit_profile", {{"username", "johnny"}, {"about_me", ""}})
          .status,
      302);
  for (const char* page : {"/index", "/explore"}) {
    const auto body = susan.get(page).body;
    EXPECT_THAT(body, HasSubstr("Before the rename")) << page;
    EXPECT_THAT(body, HasSubstr("After the rename")) << page;
    EXPECT_THAT(body, Not(HasSubstr("href=\"/user/john\""))) << page;
    EXPECT_THAT(body, HasSubstr("href=\"/user/johnny\"")) << page;
  }
}

TEST_P(BusySiteTest, AListReadAgainRendersOnlyItsNewPosts) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(post_text(john, "Older post " + std::to_string(i)).status, 302);
  }
  john.get("/explore");  // the five posts rendered and kept
  ASSERT_EQ(post_text(john, "The newest post").status, 302);
  const long long rendered = fragments().misses();
  const long long reused = fragments().hits();
  const auto body = john.get("/explore").body;
  EXPECT_THAT(body, HasSubstr("The newest post"));
  EXPECT_THAT(body, HasSubstr("Older post 0"));
  EXPECT_EQ(fragments().misses(), rendered + 1);
  EXPECT_EQ(fragments().hits(), reused + 5);
}

TEST_P(BusySiteTest, AnUnchangedListIsServedWholeWithoutLookingUpItsPosts) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(post_text(john, "Post " + std::to_string(i)).status, 302);
  }
  john.get("/index");  // shows the flashed "Your post is now live!", so that no page after does
  const auto first = john.get("/explore").body;
  const long long looked_up = fragments().hits() + fragments().misses();
  const auto again = john.get("/explore").body;
  EXPECT_EQ(again, first);
  EXPECT_EQ(fragments().hits() + fragments().misses(), looked_up);
  // A new post is a new page, assembled from the posts.
  ASSERT_EQ(post_text(john, "Post 3").status, 302);
  const auto newer = john.get("/explore").body;
  EXPECT_THAT(newer, HasSubstr("Post 3"));
  EXPECT_THAT(newer, HasSubstr("Post 0"));
  EXPECT_GT(fragments().hits() + fragments().misses(), looked_up);
}

TEST_P(BusySiteTest, PostsInEachLanguageAreKeptApart) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "This is an English sentence about the weather today.").status, 302);
  auto reader = signed_in("john");
  reader.always_send("Accept-Language", "es");
  EXPECT_THAT(john.get("/explore").body, Not(HasSubstr("data-dest-language")));
  // The Spanish reader is offered a translation of the English post: not the English fragment.
  EXPECT_THAT(reader.get("/explore").body, HasSubstr("data-dest-language=\"es\""));
}

TEST_P(BusySiteTest, ASessionNearItsEndIsExtendedByTheBatchedWrite) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  const auto cookie = john.cookie("session");
  ASSERT_TRUE(cookie);
  const long long soon = util::now_micros() + util::seconds(60);
  {
    auto conn = database().db().connect();
    conn.sql() << "UPDATE session SET expires_us = :e", soci::use(soon);
  }
  ASSERT_EQ(john.get("/index").status, 200);
  server().app().core().activity().flush();
  long long expires = 0;
  {
    auto conn = database().db().connect();
    conn.sql() << "SELECT MAX(expires_us) FROM session", soci::into(expires);
  }
  EXPECT_GT(expires, soon + util::seconds(600));
  EXPECT_EQ(john.get("/index").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, BusySiteTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

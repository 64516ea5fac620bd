#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

// What keeps the tables from growing at a script's pace: anonymous visits store nothing, and
// each user's posts and follows are counted per minute in the database.
class LimitsTest : public HttpTest {
 protected:
  long long rows(const std::string& table) {
    auto conn = database().db().connect();
    long long n = 0;
    conn.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  // Moves every rate-limit window a minute and a second into the past: what waiting for the
  // window to end would do, without waiting.
  void age_the_windows() {
    auto conn = database().db().connect();
    conn.sql() << "UPDATE throttle SET window_start_us = window_start_us - 61000000";
  }

  HttpResult post_text(HttpClient& c, const std::string& text) {
    return c.submit("/index", "/index", {{"post", text}});
  }
};

TEST_P(LimitsTest, CookielessVisitsToProtectedPagesStoreNoSession) {
  constexpr int kVisits = 20;
  for (int i = 0; i < kVisits; ++i) {
    auto c = client();  // a new visitor without any cookie each time, as a crawler is
    for (const std::string path : {"/index", "/explore", "/edit_profile", "/user/nobody"}) {
      const auto res = c.get(path);
      ASSERT_EQ(res.status, 302) << path;
      EXPECT_EQ(res.header("location"), "/auth/login?next=" + http::encode_query_value(path));
    }
  }
  EXPECT_EQ(rows("session"), 0);
  // The reason still reaches the visitor, from the address, and still without a row.
  auto c = client();
  c.get("/index");
  EXPECT_THAT(c.get("/auth/login?next=%2Findex").body,
              HasSubstr("Please sign in to see this page."));
  EXPECT_THAT(client().get("/auth/login").body,
              ::testing::Not(HasSubstr("Please sign in to see this page.")));
  EXPECT_EQ(rows("session"), 0);
}

TEST_P(LimitsTest, PostsPerUserAreLimitedAcrossInstancesAndARefusedPostIsNotStored) {
  start({{"POSTS_PER_USER_PER_MINUTE", "3"}});
  register_user("susan", "susan@example.com");
  register_user("john", "john@example.com");
  auto susan = signed_in("susan");
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(post_text(susan, "post number " + std::to_string(i)).status, 302) << i;
  }
  const auto refused = post_text(susan, "one post too many");
  EXPECT_EQ(refused.status, 429);
  const int retry_after = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_THAT(refused.body, HasSubstr("You are posting too often."));
  EXPECT_THAT(refused.body, HasSubstr("one post too many"));  // kept in the form to send later
  EXPECT_EQ(rows("post"), 3);
  EXPECT_EQ(server().app().accounts().find_by_username("susan")->post_count, 3);

  // Per user: john posts as usual.
  auto john = signed_in("john");
  EXPECT_EQ(post_text(john, "john is not held back").status, 302);

  // The count is in the database: another instance on it refuses susan too.
  auto env = test_environment(database().url());
  env["POSTS_PER_USER_PER_MINUTE"] = "3";
  TestServer second(test_config(env));
  HttpClient elsewhere(second.port());
  ASSERT_EQ(elsewhere
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", "correct horse battery"}})
                .status,
            302);
  EXPECT_EQ(elsewhere.submit("/index", "/index", {{"post", "from the other instance"}}).status,
            429);
  EXPECT_EQ(rows("post"), 4);

  // Once the minute is over she may post again.
  age_the_windows();
  EXPECT_EQ(post_text(susan, "a minute later").status, 302);
  EXPECT_EQ(rows("post"), 5);
}

TEST_P(LimitsTest, FollowChangesPerUserAreLimitedAndARefusedOneChangesNothing) {
  start({{"FOLLOWS_PER_USER_PER_MINUTE", "2"}});
  for (const std::string name : {"susan", "anna", "bert", "carl"}) {
    register_user(name, name + "@example.com");
  }
  auto susan = signed_in("susan");
  auto change = [&](const std::string& what, const std::string& whom) {
    susan.get("/user/" + whom);
    return susan.post_form("/" + what + "/" + whom, {{"csrf_token", susan.csrf()}});
  };
  EXPECT_EQ(change("follow", "anna").status, 302);
  EXPECT_EQ(change("follow", "anna").status, 302);  // already following: no change, not counted
  EXPECT_EQ(change("follow", "bert").status, 302);
  const auto refused = change("follow", "carl");
  EXPECT_EQ(refused.status, 429);
  const int retry_after = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_THAT(refused.body, HasSubstr("You are following and unfollowing people too often"));
  EXPECT_EQ(change("unfollow", "anna").status, 429);  // unfollowing counts the same
  EXPECT_EQ(rows("follow"), 2);
  const auto carl = server().app().accounts().find_by_username("carl");
  EXPECT_EQ(carl->follower_count, 0);
  EXPECT_EQ(server().app().accounts().find_by_username("susan")->following_count, 2);

  age_the_windows();
  EXPECT_EQ(change("follow", "carl").status, 302);
  EXPECT_EQ(rows("follow"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

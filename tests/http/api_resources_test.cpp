#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

// Posts, follows, messages, notifications and search through the API.
class ApiResourcesTest : public ApiTest {
 protected:
  void SetUp() override {
    start({{"POSTS_PER_PAGE", "2"}});
    john_ = create_user("john", "john@example.com");
    susan_ = create_user("susan", "susan@example.com");
    john_token_ = token_for("john");
    susan_token_ = token_for("susan");
  }

  Answer post(const std::string& token, const std::string& text) {
    return call("POST", "/api/posts", token, {{"body", text}});
  }
  std::string user(long long id) { return "/api/users/" + std::to_string(id); }

  long long john_ = 0;
  long long susan_ = 0;
  std::string john_token_;
  std::string susan_token_;
};

TEST_P(ApiResourcesTest, PostsAreCreatedAndListedNewestFirstByKeyset) {
  nlohmann::json last;
  for (const auto* text : {"one", "two", "three"}) {
    const auto a = post(john_token_, text);
    last = a.body;
    ASSERT_EQ(a.status(), 201) << a.raw.body;
    EXPECT_EQ(a.body["body"], text);
    EXPECT_EQ(a.body["author"]["username"], "john");
    EXPECT_EQ(a.body["_links"]["author"], user(john_));
  }
  auto a = call("GET", user(john_) + "/posts", susan_token_);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  ASSERT_EQ(a.body["items"].size(), 2U);
  EXPECT_EQ(a.body["items"][0], last) << "the post as created is the post as stored";
  EXPECT_EQ(a.body["_meta"]["per_page"], 2);
  EXPECT_TRUE(a.body["_links"]["prev"].is_null());
  const std::string next = a.body["_links"]["next"];
  EXPECT_THAT(next, HasSubstr(user(john_) + "/posts?before="));
  a = call("GET", next, susan_token_);
  ASSERT_EQ(a.body["items"].size(), 1U);
  EXPECT_EQ(a.body["items"][0]["body"], "one");
  EXPECT_TRUE(a.body["_links"]["next"].is_null());
  EXPECT_FALSE(a.body["_links"]["prev"].is_null());

  a = call("GET", "/api/posts", susan_token_);
  EXPECT_EQ(a.body["items"][0]["body"], "three");
  expect_error(call("GET", "/api/posts?before=x", susan_token_), 400, "Bad Request");
  expect_error(call("GET", "/api/posts?before=3&after=1", susan_token_), 400, "Bad Request");
  expect_error(call("GET", "/api/users/999/posts", susan_token_), 404, "Not Found");
}

TEST_P(ApiResourcesTest, APostIsDeletedOnlyByItsAuthorAndLeavesEveryList) {
  ASSERT_EQ(call("POST", user(susan_) + "/follow", john_token_).status(), 204);
  const auto keep = post(susan_token_, "a post to keep");
  const auto drop = post(susan_token_, "a regrettable post");
  ASSERT_EQ(drop.status(), 201);
  const std::string target = "/api/posts/" + std::to_string(drop.body.value("id", 0LL));
  // Read first, so that the lists and the window of recent posts hold it.
  ASSERT_EQ(call("GET", "/api/timeline", john_token_).body["items"].size(), 2U);
  ASSERT_EQ(call("GET", "/api/search?q=regrettable", john_token_).body["items"].size(), 1U);

  expect_error(call("DELETE", target, john_token_), 403, "Forbidden");
  expect_error(call("DELETE", target), 401, "Unauthorized");
  expect_error(call("DELETE", "/api/posts/999999", susan_token_), 404, "Not Found");
  expect_error(call("DELETE", "/api/posts/x", susan_token_), 404, "Not Found");
  EXPECT_EQ(call("DELETE", target, susan_token_).status(), 204);
  expect_error(call("DELETE", target, susan_token_), 404, "Not Found");

  auto a = call("GET", "/api/timeline", john_token_);
  ASSERT_EQ(a.body["items"].size(), 1U) << a.raw.body;
  EXPECT_EQ(a.body["items"][0]["body"], "a post to keep");
  EXPECT_EQ(call("GET", "/api/posts", john_token_).body["items"].size(), 1U);
  EXPECT_EQ(call("GET", user(susan_) + "/posts", john_token_).body["items"].size(), 1U);
  EXPECT_TRUE(call("GET", "/api/search?q=regrettable", john_token_).body["items"].empty());
  EXPECT_EQ(call("GET", user(susan_), john_token_).body["post_count"], 1);
  EXPECT_EQ(keep.status(), 201);
}

TEST_P(ApiResourcesTest, APostIsCheckedAsTheFormChecksIt) {
  auto a = post(john_token_, "   ");
  expect_error(a, 400, "Bad Request");
  EXPECT_THAT(a.body.value("message", ""), HasSubstr("body"));
  expect_error(post(john_token_, std::string(141, 'x')), 400, "Bad Request");
  expect_error(call("POST", "/api/posts", john_token_, {{"text", "x"}}), 400, "Bad Request");
  auto c = client();
  EXPECT_EQ(c.request("POST", "/api/posts", "body=x",
                      {{"Authorization", "Bearer " + john_token_},
                       {"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            415);
  expect_error(call("POST", "/api/posts", "", {{"body", "x"}}), 401, "Unauthorized");
}

TEST_P(ApiResourcesTest, FollowingShapesTheTimeline) {
  ASSERT_EQ(post(susan_token_, "from susan").status(), 201);
  ASSERT_EQ(post(john_token_, "from john").status(), 201);
  auto a = call("GET", "/api/timeline", john_token_);
  ASSERT_EQ(a.body["items"].size(), 1U) << a.raw.body;

  a = call("POST", user(susan_) + "/follow", john_token_);
  EXPECT_EQ(a.status(), 204) << a.raw.body;
  EXPECT_EQ(call("POST", user(susan_) + "/follow", john_token_).status(), 204);
  a = call("GET", "/api/timeline", john_token_);
  ASSERT_EQ(a.body["items"].size(), 2U) << a.raw.body;
  EXPECT_EQ(a.body["items"][1]["body"], "from susan");
  EXPECT_EQ(call("GET", user(susan_), john_token_).body["follower_count"], 1);

  expect_error(call("POST", user(john_) + "/follow", john_token_), 400, "Bad Request");
  expect_error(call("POST", "/api/users/999/follow", john_token_), 404, "Not Found");

  EXPECT_EQ(call("DELETE", user(susan_) + "/follow", john_token_).status(), 204);
  EXPECT_EQ(call("GET", "/api/timeline", john_token_).body["items"].size(), 1U);
}

TEST_P(ApiResourcesTest, MessagesAreSentAndReadInTheInboxWithANotification) {
  auto a = call("POST", user(susan_) + "/messages", john_token_, {{"body", "hello susan"}});
  ASSERT_EQ(a.status(), 201) << a.raw.body;
  EXPECT_EQ(a.body["recipient"]["username"], "susan");

  a = call("GET", "/api/notifications?since=0", susan_token_);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  ASSERT_TRUE(a.body.is_array());
  ASSERT_EQ(a.body.size(), 1U);
  EXPECT_EQ(a.body[0]["name"], "unread_message_count");
  EXPECT_EQ(a.body[0]["data"], 1);

  a = call("GET", "/api/messages", susan_token_);
  ASSERT_EQ(a.status(), 200);
  ASSERT_EQ(a.body["items"].size(), 1U);
  EXPECT_EQ(a.body["items"][0]["body"], "hello susan");
  EXPECT_EQ(a.body["items"][0]["sender"]["username"], "john");
  EXPECT_TRUE(call("GET", "/api/messages", john_token_).body["items"].empty());

  expect_error(call("POST", user(john_) + "/messages", john_token_, {{"body", "me"}}), 400,
               "Bad Request");
  expect_error(call("POST", "/api/users/999/messages", john_token_, {{"body", "x"}}), 404,
               "Not Found");
  expect_error(call("POST", user(susan_) + "/messages", john_token_, {{"body", ""}}), 400,
               "Bad Request");
  expect_error(call("GET", "/api/notifications?since=soon", susan_token_), 400, "Bad Request");
}

TEST_P(ApiResourcesTest, SearchFindsPostsWithEveryWord) {
  ASSERT_EQ(post(john_token_, "the quick brown fox").status(), 201);
  ASSERT_EQ(post(john_token_, "a quick nap").status(), 201);
  auto a = call("GET", "/api/search?q=quick%20fox", susan_token_);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  ASSERT_EQ(a.body["items"].size(), 1U);
  EXPECT_EQ(a.body["items"][0]["body"], "the quick brown fox");
  a = call("GET", "/api/search?q=quick", susan_token_);
  EXPECT_EQ(a.body["items"].size(), 2U);
  expect_error(call("GET", "/api/search", susan_token_), 400, "Bad Request");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiResourcesTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

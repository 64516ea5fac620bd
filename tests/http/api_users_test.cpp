#include <regex>

#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class ApiUsersTest : public ApiTest {};

TEST_P(ApiUsersTest, AUserIsTheOriginalsDictionary) {
  const long long id = create_user("john", "John@Example.com");
  const auto token = token_for("john");
  const auto a = call("GET", "/api/users/" + std::to_string(id), token);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  const auto& u = a.body;
  std::vector<std::string> keys;
  for (const auto& item : u.items()) {
    keys.push_back(item.key());
  }
  EXPECT_THAT(
      keys, ::testing::ElementsAre("_links", "about_me", "follower_count", "following_count", "id",
                                   "last_seen", "post_count", "username"));
  EXPECT_EQ(u["id"], id);
  EXPECT_EQ(u["username"], "john");
  EXPECT_EQ(u["about_me"], "");
  EXPECT_EQ(u["post_count"], 0);
  EXPECT_TRUE(std::regex_match(u["last_seen"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00)")))
      << u["last_seen"];
  const std::string self = "/api/users/" + std::to_string(id);
  EXPECT_EQ(u["_links"]["self"], self);
  EXPECT_EQ(u["_links"]["followers"], self + "/followers");
  EXPECT_EQ(u["_links"]["following"], self + "/following");
  // Gravatar's key for the lower-cased address: SHA-256, as everywhere on the site (Gravatar
  // takes it as it takes MD5, and an MD5 of an address is cheap to reverse).
  EXPECT_EQ(u["_links"]["avatar"],
            "https://www.gravatar.com/avatar/"
            "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4?d=identicon&s=128");
  EXPECT_EQ(services::avatar_hash("john@example.com"),
            "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4");
  EXPECT_FALSE(u.contains("email"));
}

TEST_P(ApiUsersTest, AnUnknownUserIs404) {
  create_user("john", "john@example.com");
  const auto token = token_for("john");
  for (const auto* path : {"/api/users/999", "/api/users/abc", "/api/users/0",
                           "/api/users/999/followers", "/api/users/x/following"}) {
    expect_error(call("GET", path, token), 404, "Not Found");
  }
}

TEST_P(ApiUsersTest, TheUserCollectionIsPaged) {
  for (const auto* name : {"ann", "bob", "cid"}) {
    create_user(name, std::string(name) + "@example.com");
  }
  const auto token = token_for("ann");
  auto a = call("GET", "/api/users?per_page=2", token);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  ASSERT_EQ(a.body["items"].size(), 2U);
  EXPECT_EQ(a.body["items"][0]["username"], "ann");
  EXPECT_EQ(a.body["items"][1]["username"], "bob");
  EXPECT_EQ(a.body["_meta"],
            nlohmann::json({{"page", 1}, {"per_page", 2}, {"total_pages", 2}, {"total_items", 3}}));
  EXPECT_EQ(a.body["_links"]["self"], "/api/users?page=1&per_page=2");
  EXPECT_EQ(a.body["_links"]["next"], "/api/users?page=2&per_page=2");
  EXPECT_TRUE(a.body["_links"]["prev"].is_null());

  a = call("GET", "/api/users?page=2&per_page=2", token);
  ASSERT_EQ(a.body["items"].size(), 1U);
  EXPECT_EQ(a.body["items"][0]["username"], "cid");
  EXPECT_TRUE(a.body["_links"]["next"].is_null());
  EXPECT_EQ(a.body["_links"]["prev"], "/api/users?page=1&per_page=2");

  a = call("GET", "/api/users", token);
  EXPECT_EQ(a.body["_meta"]["per_page"], 10);
  EXPECT_EQ(a.body["items"].size(), 3U);
  a = call("GET", "/api/users?per_page=5000", token);
  EXPECT_EQ(a.body["_meta"]["per_page"], 100) << "capped as the original caps it";
  a = call("GET", "/api/users?page=7", token);
  EXPECT_EQ(a.status(), 200);
  EXPECT_TRUE(a.body["items"].empty());

  for (const auto* bad : {"?page=0", "?page=x", "?per_page=0", "?per_page=-3", "?page=1e3"}) {
    expect_error(call("GET", std::string("/api/users") + bad, token), 400, "Bad Request");
  }
}

TEST_P(ApiUsersTest, FollowersAndFollowingAreCollections) {
  const long long ann = create_user("ann", "ann@example.com");
  const long long bob = create_user("bob", "bob@example.com");
  create_user("cid", "cid@example.com");
  ASSERT_EQ(server().app().follows().follow(bob, "ann").kind, services::FollowResult::Kind::done);
  const long long cid = server().app().accounts().find_by_username("cid")->id;
  ASSERT_EQ(server().app().follows().follow(cid, "ann").kind, services::FollowResult::Kind::done);
  const auto token = token_for("bob");
  const std::string base = "/api/users/" + std::to_string(ann);
  auto a = call("GET", base + "/followers?per_page=1", token);
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  EXPECT_EQ(a.body["_meta"]["total_items"], 2);
  EXPECT_EQ(a.body["items"][0]["username"], "bob");
  EXPECT_EQ(a.body["_links"]["next"], base + "/followers?page=2&per_page=1");
  a = call("GET", base + "/following", token);
  EXPECT_EQ(a.body["_meta"]["total_items"], 0);
  EXPECT_TRUE(a.body["items"].empty());
  a = call("GET", "/api/users/" + std::to_string(bob) + "/following", token);
  ASSERT_EQ(a.body["items"].size(), 1U);
  EXPECT_EQ(a.body["items"][0]["id"], ann);
  EXPECT_EQ(a.body["items"][0]["follower_count"], 2);
}

TEST_P(ApiUsersTest, RegistrationAnswers201WithLocation) {
  const auto a = call("POST", "/api/users", {},
                      {{"username", "susan"},
                       {"email", "susan@example.com"},
                       {"password", kPassword},
                       {"about_me", "hello"}});
  ASSERT_EQ(a.status(), 201) << a.raw.body;
  const long long id = a.body["id"];
  EXPECT_EQ(a.header("location"), "/api/users/" + std::to_string(id));
  EXPECT_EQ(a.body["username"], "susan");
  EXPECT_EQ(a.body["about_me"], "hello");
  // The same account signs in on the web site.
  signed_in("susan");
}

TEST_P(ApiUsersTest, RegistrationIsCheckedAsTheFormChecksIt) {
  create_user("john", "john@example.com");
  const auto refused = [&](const nlohmann::json& body, const std::string& words) {
    const auto a = call("POST", "/api/users", {}, body);
    expect_error(a, 400, "Bad Request");
    EXPECT_THAT(a.body.value("message", std::string()), HasSubstr(words)) << body.dump();
  };
  refused({{"username", "susan"}, {"email", "susan@example.com"}},
          "must include username, email and password fields");
  refused({{"username", "John"}, {"email", "other@example.com"}, {"password", kPassword}},
          "please use a different username");
  refused({{"username", "susan"}, {"email", "JOHN@example.com"}, {"password", kPassword}},
          "please use a different email address");
  refused({{"username", "susan"}, {"email", "not-an-address"}, {"password", kPassword}}, "email");
  refused({{"username", "su san"}, {"email", "susan@example.com"}, {"password", kPassword}},
          "username");
  refused({{"username", "susan"}, {"email", "susan@example.com"}, {"password", "short"}},
          "password");
  refused({{"username", std::string(65, 'x')}, {"email", "s@example.com"}, {"password", kPassword}},
          "username");
  refused({{"username", "susan"},
           {"email", "susan@example.com"},
           {"password", kPassword},
           {"about_me", std::string(141, 'x')}},
          "about_me");
  refused({{"username", 7}, {"email", "susan@example.com"}, {"password", kPassword}},
          "username must be a string");
  // Nothing of the refused ones was stored.
  const auto token = token_for("john");
  EXPECT_EQ(call("GET", "/api/users", token).body["_meta"]["total_items"], 1);
}

TEST_P(ApiUsersTest, ABodyThatIsNotAJsonObjectIsRefused) {
  auto c = client();
  auto r = c.request("POST", "/api/users", "username=a&email=b&password=c",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body, nullptr, false).value("error", ""),
            "Unsupported Media Type");
  r = c.request("POST", "/api/users", "{\"username\": ", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400) << r.body;
  r = c.request("POST", "/api/users", "[1, 2]", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400) << r.body;
  r = c.request("POST", "/api/users",
                R"({"username": "x1", "email": "x1@example.com", "password": "long enough pw"})",
                {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(ApiUsersTest, OneMayChangeOnlyOnesOwnAccount) {
  const long long john = create_user("john", "john@example.com");
  const long long susan = create_user("susan", "susan@example.com");
  const auto token = token_for("john");
  const std::string path = "/api/users/" + std::to_string(john);
  auto a = call("PUT", path, token,
                {{"username", "johnny"}, {"about_me", "hi there"}, {"email", "j@example.org"}});
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  EXPECT_EQ(a.body["username"], "johnny");
  EXPECT_EQ(a.body["about_me"], "hi there");
  EXPECT_THAT(a.body["_links"]["avatar"].get<std::string>(),
              HasSubstr(services::avatar_hash("j@example.org")));
  // What is not sent stays.
  a = call("PUT", path, token, {{"about_me", "changed"}});
  EXPECT_EQ(a.body["username"], "johnny");

  expect_error(call("PUT", "/api/users/" + std::to_string(susan), token, {{"about_me", "x"}}), 403,
               "Forbidden");
  expect_error(call("PUT", "/api/users/999", token, {{"about_me", "x"}}), 403, "Forbidden");
  a = call("PUT", path, token, {{"username", "Susan"}});
  expect_error(a, 400, "Bad Request");
  EXPECT_EQ(a.body["message"], "please use a different username");
  a = call("PUT", path, token, {{"email", "SUSAN@example.com"}});
  EXPECT_EQ(a.body["message"], "please use a different email address");
  a = call("PUT", path, token, {{"email", "nope"}});
  expect_error(a, 400, "Bad Request");
  EXPECT_THAT(a.body.value("message", ""), HasSubstr("email"));
  auto c = client();
  const auto r = c.request("PUT", path, "about_me=x",
                           {{"Authorization", "Bearer " + token},
                            {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415);
  expect_error(call("PUT", path, "", {{"about_me", "x"}}), 401, "Unauthorized");
  EXPECT_EQ(call("GET", path, token).body["about_me"], "changed");
}

TEST_P(ApiUsersTest, UnknownPathsAndWrongMethodsAnswerJson) {
  create_user("john", "john@example.com");
  const auto token = token_for("john");
  expect_error(call("GET", "/api/nothing/here", token), 404, "Not Found");
  expect_error(call("GET", "/api/nothing/here"), 404, "Not Found");
  const auto a = call("DELETE", "/api/users/1", token);
  expect_error(a, 405, "Method Not Allowed");
  EXPECT_EQ(a.header("allow"), "GET, PUT");
  EXPECT_FALSE(a.header("x-ratelimit-remaining").empty()) << "probing paths counts too";
  expect_error(call("GET", "/api/tokens", token), 405, "Method Not Allowed");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiUsersTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

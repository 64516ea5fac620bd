#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class ApiLimitsTest : public ApiTest {};

TEST_P(ApiLimitsTest, EveryAnswerCarriesTheQuotaAndPastItComes429) {
  start({{"API_REQUESTS_PER_TOKEN_PER_MINUTE", "3"}, {"API_REQUESTS_PER_IP_PER_MINUTE", "100"}});
  create_user("john", "john@example.com");  // 1 of the address's 100
  const auto token = token_for("john");     // 2
  for (int i = 0; i < 3; ++i) {
    const auto a = call("GET", "/api/users", token);
    ASSERT_EQ(a.status(), 200) << a.raw.body;
    EXPECT_EQ(a.header("x-ratelimit-limit"), "3");
    EXPECT_EQ(a.header("x-ratelimit-remaining"), std::to_string(2 - i));
    const int reset = std::stoi(a.header("x-ratelimit-reset"));
    EXPECT_GE(reset, 1);
    EXPECT_LE(reset, 60);
  }
  const auto a = call("GET", "/api/users", token);
  expect_error(a, 429, "Too Many Requests");
  EXPECT_EQ(a.header("x-ratelimit-remaining"), "0");
  EXPECT_GE(std::stoi(a.header("retry-after")), 1);
  // Another token of the same user has its own allowance.
  EXPECT_EQ(call("GET", "/api/users", token_for("john")).status(), 200);
}

TEST_P(ApiLimitsTest, AnAddressIsLimitedWhateverTheToken) {
  start({{"API_REQUESTS_PER_IP_PER_MINUTE", "2"}});
  create_user("john", "john@example.com");
  // Guessing tokens counts against the address like anything else.
  EXPECT_EQ(call("GET", "/api/users", "guess").status(), 401);
  const auto a = call("GET", "/api/users", "guess-again");
  expect_error(a, 429, "Too Many Requests");
  EXPECT_FALSE(a.header("retry-after").empty());
  // The web site is not the API: its pages are not counted.
  auto c = client();
  EXPECT_EQ(c.get("/auth/login").status, 200);
}

TEST_P(ApiLimitsTest, NoOriginIsAllowedUnlessConfigured) {
  const auto a = call("GET", "/api/users", {}, nullptr, {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(a.status(), 401);
  EXPECT_EQ(a.header("access-control-allow-origin"), "");
  auto c = client();
  const auto pre =
      c.request("OPTIONS", "/api/users", "",
                {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), "");
}

TEST_P(ApiLimitsTest, AllowedOriginsGetCorsHeadersAndPreflightAnswers) {
  start({{"CORS_ORIGINS", "https://app.example.com, http://localhost:3000"}});
  create_user("john", "john@example.com");
  const auto token = token_for("john");
  auto c = client();
  auto pre = c.request("OPTIONS", "/api/users/1", "",
                       {{"Origin", "https://app.example.com"},
                        {"Access-Control-Request-Method", "PUT"},
                        {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(pre.status, 204) << pre.body;
  EXPECT_EQ(pre.header("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(pre.header("access-control-allow-methods"), "GET, PUT, OPTIONS");
  EXPECT_THAT(pre.header("access-control-allow-headers"), HasSubstr("Authorization"));
  EXPECT_THAT(pre.header("access-control-allow-headers"), HasSubstr("Content-Type"));
  EXPECT_THAT(pre.header("vary"), HasSubstr("Origin"));
  EXPECT_EQ(pre.header("access-control-allow-credentials"), "");

  const auto a = call("GET", "/api/users", token, nullptr, {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(a.status(), 200);
  EXPECT_EQ(a.header("access-control-allow-origin"), "http://localhost:3000");
  EXPECT_THAT(a.header("access-control-expose-headers"), HasSubstr("X-RateLimit-Remaining"));

  const auto other = call("GET", "/api/users", token, nullptr, {{"Origin", "https://evil.test"}});
  EXPECT_EQ(other.header("access-control-allow-origin"), "");
  pre =
      c.request("OPTIONS", "/api/no/such/path", "",
                {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(pre.status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiLimitsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

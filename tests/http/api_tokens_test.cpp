#include <gmock/gmock.h>

#include "db/password_reset_repository.hpp"
#include "http/api_fixture.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class ApiTokensTest : public ApiTest {
 protected:
  void expect_bearer_401(const std::string& token) {
    const auto a = call("GET", "/api/users", token);
    expect_error(a, 401, "Unauthorized");
    EXPECT_EQ(a.header("www-authenticate"), "Bearer realm=\"Authentication Required\"");
  }
};

TEST_P(ApiTokensTest, BasicCredentialsGetATokenThatOpensTheApi) {
  const long long id = create_user("john", "john@example.com");
  const auto a =
      call("POST", "/api/tokens", {}, nullptr, {{"Authorization", basic("john", kPassword)}});
  ASSERT_EQ(a.status(), 200) << a.raw.body;
  EXPECT_EQ(a.header("cache-control"), "no-store");
  ASSERT_TRUE(a.body.is_object());
  EXPECT_EQ(a.body.size(), 1U) << "the original's shape: only the token";
  const std::string token = a.body.value("token", std::string());
  EXPECT_EQ(token.size(), 43U);
  const auto me = call("GET", "/api/users/" + std::to_string(id), token);
  EXPECT_EQ(me.status(), 200) << me.raw.body;
  EXPECT_EQ(me.body["username"], "john");
  // The scheme name is not case-sensitive (RFC 9110).
  auto c = client();
  EXPECT_EQ(c.request("GET", "/api/users", "", {{"Authorization", "bearer " + token}}).status, 200);
}

TEST_P(ApiTokensTest, EachRequestGetsANewTokenAndBothWork) {
  create_user("john", "john@example.com");
  const auto first = token_for("john");
  const auto second = token_for("john");
  EXPECT_NE(first, second);
  EXPECT_EQ(call("GET", "/api/users", first).status(), 200);
  EXPECT_EQ(call("GET", "/api/users", second).status(), 200);
}

TEST_P(ApiTokensTest, WrongOrMissingBasicCredentialsGet401AskingForBasic) {
  create_user("john", "john@example.com");
  for (const auto& authorization :
       {basic("john", "wrong password"), basic("nobody", kPassword), std::string("Basic !!"),
        std::string("Bearer abc"), std::string()}) {
    HttpClient::Headers headers;
    if (!authorization.empty()) {
      headers.emplace_back("Authorization", authorization);
    }
    const auto a = call("POST", "/api/tokens", {}, nullptr, headers);
    expect_error(a, 401, "Unauthorized");
    EXPECT_EQ(a.header("www-authenticate"), "Basic realm=\"Authentication Required\"")
        << authorization;
    EXPECT_FALSE(a.body.contains("token"));
  }
}

TEST_P(ApiTokensTest, RoutesNeedingATokenAnswer401AskingForBearer) {
  create_user("john", "john@example.com");
  expect_bearer_401("");
  expect_bearer_401("not-a-token");
  expect_bearer_401(util::random_token());  // well formed, never issued
  // A Basic header on a bearer route is no token either.
  const auto a =
      call("GET", "/api/users", {}, nullptr, {{"Authorization", basic("john", kPassword)}});
  expect_error(a, 401, "Unauthorized");
  EXPECT_THAT(a.header("www-authenticate"), HasSubstr("Bearer"));
}

TEST_P(ApiTokensTest, ARevokedTokenGets401AndOthersStay) {
  create_user("john", "john@example.com");
  const auto token = token_for("john");
  const auto other = token_for("john");
  const auto a = call("DELETE", "/api/tokens", token);
  EXPECT_EQ(a.status(), 204) << a.raw.body;
  EXPECT_TRUE(a.raw.body.empty());
  expect_bearer_401(token);
  EXPECT_EQ(call("GET", "/api/users", other).status(), 200);
  // Revoking needs a valid token, like every bearer route.
  expect_error(call("DELETE", "/api/tokens", token), 401, "Unauthorized");
}

TEST_P(ApiTokensTest, AnExpiredTokenGets401) {
  create_user("john", "john@example.com");
  const auto token = token_for("john");
  ASSERT_EQ(call("GET", "/api/users", token).status(), 200);
  {
    // As the row will read an hour from now: its expiry passed.
    auto conn = database().db().connect();
    const util::Micros past = util::now_micros() - 1;
    const std::string hash = util::sha256_hex(token);
    conn.sql() << "UPDATE api_token SET expires_us = :e WHERE token_hash = :h", soci::use(past),
        soci::use(hash);
  }
  expect_bearer_401(token);
}

TEST_P(ApiTokensTest, TokensLastAnHourAndAreStoredOnlyAsTheirHash) {
  const long long id = create_user("john", "john@example.com");
  const util::Micros before = util::now_micros();
  const auto token = token_for("john");
  auto conn = database().db().connect();
  std::string hash;
  long long user_id = 0;
  long long expires = 0;
  int rows = 0;
  conn.sql() << "SELECT COUNT(*) FROM api_token", soci::into(rows);
  conn.sql() << "SELECT token_hash, user_id, expires_us FROM api_token", soci::into(hash),
      soci::into(user_id), soci::into(expires);
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(hash, util::sha256_hex(token));
  EXPECT_EQ(user_id, id);
  EXPECT_GE(expires, before + util::seconds(3600));
  EXPECT_LE(expires, util::now_micros() + util::seconds(3600));
}

TEST_P(ApiTokensTest, APasswordChangeEndsEveryToken) {
  const long long id = create_user("john", "john@example.com");
  const auto token = token_for("john");
  const auto result = server().app().accounts().change_password(
      id, {kPassword, "a new password 42", "a new password 42"}, "", "127.0.0.1");
  ASSERT_TRUE(result.done());
  expect_bearer_401(token);
  EXPECT_EQ(call("GET", "/api/users", token_for("john", "a new password 42")).status(), 200);
}

TEST_P(ApiTokensTest, AnOperatorsNewPasswordEndsEveryToken) {
  const long long id = create_user("john", "john@example.com");
  const auto token = token_for("john");
  ASSERT_FALSE(server().app().accounts().set_password(id, "a new password 42"));
  expect_bearer_401(token);
}

TEST_P(ApiTokensTest, APasswordResetEndsEveryToken) {
  const long long id = create_user("john", "john@example.com");
  const auto token = token_for("john");
  const std::string mailed = util::random_token();
  const util::Micros now = util::now_micros();
  {
    auto conn = database().db().connect();
    db::password_resets::insert(conn.sql(),
                                {util::sha256_hex(mailed), id, now, now + util::seconds(600), 0});
  }
  auto& resets = server().app().core().password_resets();
  const auto result = resets.reset(services::PasswordResetService::ticket_of(mailed),
                                   "a new password 42", "a new password 42", "127.0.0.1", now,
                                   server().app().core().languages().default_language());
  ASSERT_TRUE(result.done());
  expect_bearer_401(token);
}

TEST_P(ApiTokensTest, FailedBasicAttemptsGoThroughTheLoginThrottle) {
  start({{"LOGIN_FAILURES_PER_IP", "3"}});
  create_user("john", "john@example.com");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(call("POST", "/api/tokens", {}, nullptr,
                   {{"Authorization", basic("john", "wrong " + std::to_string(i))}})
                  .status(),
              401);
  }
  // Now even the right password waits: this address has been guessing.
  const auto a =
      call("POST", "/api/tokens", {}, nullptr, {{"Authorization", basic("john", kPassword)}});
  expect_error(a, 429, "Too Many Requests");
  EXPECT_GT(std::stoi(a.header("retry-after").empty() ? "0" : a.header("retry-after")), 0);
  EXPECT_FALSE(a.body.contains("token"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTokensTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

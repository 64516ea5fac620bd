#include <gmock/gmock.h>

#include "db/session_repository.hpp"
#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AuthTest : public HttpTest {};

int count_users(TestDatabase& database) {
  auto conn = database.db().connect();
  int n = 0;
  conn.sql() << "SELECT COUNT(*) FROM user", soci::into(n);
  return n;
}

TEST_P(AuthTest, RegisterShowsEachValidationErrorNextToItsField) {
  auto c = client();
  const auto res = c.submit("/auth/register", "/auth/register",
                            {{"username", "bad name!"},
                             {"email", "not-an-email"},
                             {"password", "short"},
                             {"password2", "different"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Use only letters, digits, dots, dashes and underscores."));
  EXPECT_THAT(res.body, HasSubstr("Invalid email address."));
  EXPECT_THAT(res.body, HasSubstr("Passwords must be at least 8 characters long."));
  EXPECT_THAT(res.body, HasSubstr("The passwords do not match."));
  // The form keeps what was typed (except passwords).
  EXPECT_THAT(res.body, HasSubstr("value=\"bad name!\""));
  EXPECT_THAT(res.body, HasSubstr("value=\"not-an-email\""));
  EXPECT_EQ(count_users(database()), 0);
}

// The mailer cannot send to these (no SMTPUTF8; header delimiters), so neither may an account
// be made with them: its owner could never get a reset mail.
TEST_P(AuthTest, RegisterRefusesAddressesTheMailerCannotSendTo) {
  auto c = client();
  int n = 0;
  for (const std::string email :
       {"jos\xC3\xA9@example.com", "a(b)@example.com", "a:b@example.com", "[a]@example.com"}) {
    const auto res = c.submit("/auth/register", "/auth/register",
                              {{"username", "user" + std::to_string(n++)},
                               {"email", email},
                               {"password", "long enough pw"},
                               {"password2", "long enough pw"}});
    EXPECT_EQ(res.status, 200) << email;
    EXPECT_THAT(res.body, HasSubstr("Invalid email address.")) << email;
  }
  EXPECT_EQ(count_users(database()), 0);
}

TEST_P(AuthTest, RegisterRequiresEveryField) {
  auto c = client();
  const auto res = c.submit("/auth/register", "/auth/register",
                            {{"username", ""}, {"email", ""}, {"password", ""}, {"password2", ""}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please enter a username."));
  EXPECT_THAT(res.body, HasSubstr("Please enter an email address."));
  EXPECT_THAT(res.body, HasSubstr("Please enter a password."));
  EXPECT_THAT(res.body, HasSubstr("Please repeat the password."));
  EXPECT_EQ(count_users(database()), 0);
}

TEST_P(AuthTest, DuplicateUsernameOrEmailRefusedInAnyLetterCase) {
  register_user("Susan", "susan@example.com");
  auto c = client();
  auto res = c.submit("/auth/register", "/auth/register",
                      {{"username", "sUSAN"},
                       {"email", "other@example.com"},
                       {"password", "long enough pw"},
                       {"password2", "long enough pw"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please use a different username."));
  res = c.submit("/auth/register", "/auth/register",
                 {{"username", "other"},
                  {"email", "SUSAN@Example.COM"},
                  {"password", "long enough pw"},
                  {"password2", "long enough pw"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please use a different email address."));
  EXPECT_EQ(count_users(database()), 1);
}

TEST_P(AuthTest, RegisteredUserCanSignInWithAnyCaseOfTheName) {
  register_user("Susan", "susan@example.com");
  auto c = signed_in("SUSAN");
  const auto home = c.get("/index");
  EXPECT_EQ(home.status, 200);
  EXPECT_THAT(home.body, HasSubstr("Hi, Susan!"));
}

TEST_P(AuthTest, FailedLoginDoesNotRevealWhichFieldWasWrong) {
  register_user("susan", "susan@example.com");
  auto c = client();
  const auto wrong_password = c.submit("/auth/login", "/auth/login",
                                       {{"username", "susan"}, {"password", "wrong password"}});
  const auto wrong_user = c.submit("/auth/login", "/auth/login",
                                   {{"username", "nobody"}, {"password", "wrong password"}});
  EXPECT_EQ(wrong_password.status, wrong_user.status);
  EXPECT_THAT(wrong_password.body, HasSubstr("Invalid username or password."));
  EXPECT_THAT(wrong_user.body, HasSubstr("Invalid username or password."));
  EXPECT_FALSE(c.get("/index").status == 200);
}

TEST_P(AuthTest, PostWithoutValidCsrfTokenIsRefusedAndChangesNothing) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  auto res = c.post_form("/edit_profile", {{"username", "hacked"}, {"about_me", "pwned"}});
  EXPECT_EQ(res.status, 403);
  res = c.post_form("/edit_profile",
                    {{"username", "hacked"}, {"about_me", "pwned"}, {"csrf_token", "forged"}});
  EXPECT_EQ(res.status, 403);
  // Another visitor's valid token is no good either.
  auto other = client();
  other.get("/auth/login");
  res = c.post_form("/edit_profile",
                    {{"username", "hacked"}, {"about_me", "pwned"}, {"csrf_token", other.csrf()}});
  EXPECT_EQ(res.status, 403);
  const auto user = server().app().accounts().find_by_username("susan");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->about_me, "");
  EXPECT_FALSE(server().app().accounts().find_by_username("hacked").has_value());
  // Registration without a token creates nobody.
  auto anon = client();
  res = anon.post_form("/auth/register", {{"username", "mallory"},
                                          {"email", "m@example.com"},
                                          {"password", "long enough pw"},
                                          {"password2", "long enough pw"}});
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(count_users(database()), 1);
}

TEST_P(AuthTest, SessionCookieFlags) {
  register_user("susan", "susan@example.com");
  auto c = client();
  c.get("/auth/login");
  const auto res = c.post_form(
      "/auth/login",
      {{"username", "susan"}, {"password", "correct horse battery"}, {"csrf_token", c.csrf()}});
  ASSERT_EQ(res.status, 302);
  const std::string cookie = res.header("set-cookie");
  // Plain http:// (the default BASE_URL, development): the plain name, and no Secure, which
  // a browser would not send back over http.
  EXPECT_EQ(cookie.rfind("session=", 0), 0U) << cookie;
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));
  EXPECT_THAT(cookie, Not(HasSubstr("Max-Age")));  // no "remember me": a browser session
  EXPECT_EQ(res.header("strict-transport-security"), "");
  EXPECT_EQ(c.get("/index").status, 200);
}

// What a browser asks of a "__Host-" cookie: Secure, Path=/ and no Domain.
void expect_host_cookie(const std::string& cookie) {
  EXPECT_EQ(cookie.rfind("__Host-session=", 0), 0U) << cookie;
  EXPECT_THAT(cookie, HasSubstr("; Secure"));
  EXPECT_THAT(cookie, HasSubstr("; Path=/;"));
  EXPECT_THAT(cookie, Not(HasSubstr("Domain")));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
}

TEST_P(AuthTest, SessionCookieIsHostPrefixedAndSecureWhenTheSiteIsHttps) {
  // Over plain HTTP to the server, as behind a proxy that terminates TLS and says nothing:
  // BASE_URL alone makes it an HTTPS site.
  start({{"BASE_URL", "https://microblog.example"}});
  register_user("susan", "susan@example.com");
  auto c = client();
  const auto form = c.get("/auth/login");
  expect_host_cookie(form.header("set-cookie"));
  EXPECT_THAT(form.header("strict-transport-security"), HasSubstr("max-age="));
  const auto res = c.post_form(
      "/auth/login",
      {{"username", "susan"}, {"password", "correct horse battery"}, {"csrf_token", c.csrf()}});
  ASSERT_EQ(res.status, 302);
  expect_host_cookie(res.header("set-cookie"));
  EXPECT_THAT(res.header("strict-transport-security"), HasSubstr("max-age="));
  EXPECT_FALSE(c.cookie("session").has_value());
  // Read back under that name...
  EXPECT_EQ(c.get("/index").status, 200);
  // ...and only under that name: the same id as a plain "session" cookie is nobody.
  auto plain = client();
  plain.set_cookie("session", *c.cookie("__Host-session"));
  EXPECT_EQ(plain.get("/index").status, 302);
}

TEST_P(AuthTest, SessionCookieIsHostPrefixedBehindATlsProxyAndRememberMeLasts) {
  start({{"TRUST_PROXY", "true"}});
  register_user("susan", "susan@example.com");
  auto c = client();
  const HttpClient::Headers https = {{"X-Forwarded-Proto", "https"}};
  c.get("/auth/login", https);
  const auto res = c.request(
      "POST", "/auth/login",
      form_encode({{"username", "susan"},
                   {"password", "correct horse battery"},
                   {"remember_me", "y"},
                   {"csrf_token", c.csrf()}}),
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(res.status, 302);
  expect_host_cookie(res.header("set-cookie"));
  EXPECT_THAT(res.header("set-cookie"), HasSubstr("Max-Age=2592000"));
  EXPECT_THAT(res.header("strict-transport-security"), HasSubstr("max-age="));
  EXPECT_EQ(c.get("/index", https).status, 200);
  // The same server asked over plain HTTP (BASE_URL is http://) reads the plain name only.
  EXPECT_EQ(c.get("/index").status, 302);
}

TEST_P(AuthTest, SessionIdIsRotatedAtLogin) {
  register_user("susan", "susan@example.com");
  auto c = client();
  c.get("/auth/login");
  const auto before = c.cookie("session");
  ASSERT_TRUE(before.has_value());
  c.post_form(
      "/auth/login",
      {{"username", "susan"}, {"password", "correct horse battery"}, {"csrf_token", c.csrf()}});
  const auto after = c.cookie("session");
  ASSERT_TRUE(after.has_value());
  EXPECT_NE(*before, *after);
}

TEST_P(AuthTest, LoggedOutCookieNoLongerWorks) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  const std::string old_cookie = *c.cookie("session");
  ASSERT_EQ(c.get("/index").status, 200);
  c.get("/index");
  const auto out = c.post_form("/auth/logout", {{"csrf_token", c.csrf()}});
  EXPECT_EQ(out.status, 302);
  auto replay = client();
  replay.set_cookie("session", old_cookie);
  const auto res = replay.get("/index");
  EXPECT_EQ(res.status, 302);
  EXPECT_THAT(res.header("location"), HasSubstr("/auth/login"));
}

TEST_P(AuthTest, LogoutByGetOnlyAsksForConfirmation) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  const auto res = c.get("/auth/logout");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("action=\"/auth/logout\""));
  EXPECT_EQ(c.get("/index").status, 200);  // still signed in
}

TEST_P(AuthTest, PasswordChangeEndsOtherSessions) {
  register_user("susan", "susan@example.com");
  auto laptop = signed_in("susan");
  auto phone = signed_in("susan");
  ASSERT_EQ(phone.get("/index").status, 200);
  const auto res = laptop.submit("/auth/change_password", "/auth/change_password",
                                 {{"current_password", "correct horse battery"},
                                  {"password", "a brand new secret"},
                                  {"password2", "a brand new secret"}});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(laptop.get("/index").status, 200);  // the session that changed it lives on
  EXPECT_EQ(phone.get("/index").status, 302);   // the other one is gone
  auto old_pw = client();
  const auto fail = old_pw.submit("/auth/login", "/auth/login",
                                  {{"username", "susan"}, {"password", "correct horse battery"}});
  EXPECT_THAT(fail.body, HasSubstr("Invalid username or password."));
  signed_in("susan", "a brand new secret");
}

TEST_P(AuthTest, PasswordChangeChecksTheCurrentPassword) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  const auto res = c.submit("/auth/change_password", "/auth/change_password",
                            {{"current_password", "not it at all"},
                             {"password", "a brand new secret"},
                             {"password2", "a brand new secret"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("That is not your current password."));
  signed_in("susan");  // the old password still works
}

TEST_P(AuthTest, RepeatedFailedLoginsGet429WithRetryAfter) {
  register_user("susan", "susan@example.com");
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    const auto res = c.submit("/auth/login", "/auth/login",
                              {{"username", "susan"}, {"password", "guess " + std::to_string(i)}});
    EXPECT_EQ(res.status, 200) << "attempt " << i;
  }
  const auto blocked = c.submit("/auth/login", "/auth/login",
                                {{"username", "susan"}, {"password", "correct horse battery"}});
  EXPECT_EQ(blocked.status, 429);
  const int retry_after = std::stoi(blocked.header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 30);
  EXPECT_THAT(blocked.body, HasSubstr("Too many failed sign-in attempts"));
  // The count lives in the database: a second instance on the same database agrees.
  TestServer second(test_config(test_environment(database().url())));
  HttpClient other(second.port());
  const auto also_blocked = other.submit(
      "/auth/login", "/auth/login", {{"username", "susan"}, {"password", "correct horse battery"}});
  EXPECT_EQ(also_blocked.status, 429);
}

// Sign-in attempts from a given client address (behind a trusted proxy, which names it).
HttpResult sign_in_from(HttpClient& c, const std::string& address, const std::string& username,
                        const std::string& password) {
  const HttpClient::Headers from = {{"X-Forwarded-For", address}};
  c.get("/auth/login", from);
  HttpClient::Headers headers = from;
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return c.request(
      "POST", "/auth/login",
      form_encode({{"username", username}, {"password", password}, {"csrf_token", c.csrf()}}),
      headers);
}

TEST_P(AuthTest, FailuresFromOneAddressDoNotLockTheOwnerOut) {
  start({{"TRUST_PROXY", "true"}});
  register_user("susan", "susan@example.com");
  auto attacker = client();
  for (int i = 0; i < 50; ++i) {
    const auto res = sign_in_from(attacker, "203.0.113.66", "susan", "guess " + std::to_string(i));
    ASSERT_TRUE(res.status == 200 || res.status == 429) << res.status;
  }
  auto owner = client();
  const auto in = sign_in_from(owner, "198.51.100.7", "susan", "correct horse battery");
  EXPECT_EQ(in.status, 302) << in.body;
  const auto still = sign_in_from(attacker, "203.0.113.66", "susan", "correct horse battery");
  EXPECT_EQ(still.status, 429);
  EXPECT_GT(std::stoi(still.header("retry-after")), 0);
}

TEST_P(AuthTest, RegistrationsPerAddressAreLimitedAcrossInstances) {
  start({{"REGISTRATIONS_PER_IP", "2"}});
  auto c = client();
  const auto form = [](const std::string& name, const std::string& password2) {
    return std::vector<std::pair<std::string, std::string>>{{"username", name},
                                                            {"email", name + "@example.com"},
                                                            {"password", "long enough pw"},
                                                            {"password2", password2}};
  };
  // A form with a mistake costs no hash and is not counted.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(c.submit("/auth/register", "/auth/register", form("typo", "other pw")).status, 200);
  }
  EXPECT_EQ(c.submit("/auth/register", "/auth/register", form("one", "long enough pw")).status,
            302);
  EXPECT_EQ(c.submit("/auth/register", "/auth/register", form("two", "long enough pw")).status,
            302);
  const auto refused =
      c.submit("/auth/register", "/auth/register", form("three", "long enough pw"));
  EXPECT_EQ(refused.status, 429);
  EXPECT_GT(std::stoi(refused.header("retry-after")), 0);
  EXPECT_THAT(refused.body, HasSubstr("Too many accounts were registered from your network"));
  // The count is in the database: another instance refuses too.
  auto env = test_environment(database().url());
  env["REGISTRATIONS_PER_IP"] = "2";
  TestServer limited(test_config(env));
  HttpClient other(limited.port());
  EXPECT_EQ(other.submit("/auth/register", "/auth/register", form("four", "long enough pw")).status,
            429);
  EXPECT_EQ(count_users(database()), 2);
}

TEST_P(AuthTest, PasswordChangeAttemptsPerAccountAreLimited) {
  start({{"PASSWORD_CHANGES_PER_ACCOUNT", "2"}});
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  const auto attempt = [&](const std::string& current) {
    return c.submit("/auth/change_password", "/auth/change_password",
                    {{"current_password", current},
                     {"password", "a brand new secret"},
                     {"password2", "a brand new secret"}});
  };
  for (int i = 0; i < 2; ++i) {
    const auto wrong = attempt("guess " + std::to_string(i));
    EXPECT_EQ(wrong.status, 200);
    EXPECT_THAT(wrong.body, HasSubstr("That is not your current password."));
  }
  // Past the allowance not even the right password is checked.
  const auto refused = attempt("correct horse battery");
  EXPECT_EQ(refused.status, 429);
  EXPECT_GT(std::stoi(refused.header("retry-after")), 0);
  EXPECT_THAT(refused.body, HasSubstr("Too many attempts to change the password"));
  signed_in("susan");  // unchanged
}

TEST_P(AuthTest, NextIsFollowedOnlyToLocalPaths) {
  register_user("susan", "susan@example.com");
  for (const std::string evil :
       {"https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example"}) {
    auto c = client();
    c.get("/auth/login?next=" + http::encode_query_value(evil));
    const auto res = c.post_form(
        "/auth/login?next=" + http::encode_query_value(evil),
        {{"username", "susan"}, {"password", "correct horse battery"}, {"csrf_token", c.csrf()}});
    EXPECT_EQ(res.status, 302);
    EXPECT_EQ(res.header("location"), "/index") << evil;
  }
  auto c = client();
  c.get("/auth/login?next=%2Fedit_profile");
  const auto res = c.post_form(
      "/auth/login?next=%2Fedit_profile",
      {{"username", "susan"}, {"password", "correct horse battery"}, {"csrf_token", c.csrf()}});
  EXPECT_EQ(res.header("location"), "/edit_profile");
}

TEST_P(AuthTest, PagesNeedASignedInUserAndComeBackAfterLogin) {
  auto c = client();
  const auto res = c.get("/edit_profile");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/auth/login?next=%2Fedit_profile");
  const auto login = c.get("/auth/login?next=%2Fedit_profile");
  EXPECT_THAT(login.body, HasSubstr("Please sign in to see this page."));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

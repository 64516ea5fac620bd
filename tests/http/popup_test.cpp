// The user's card (GET /user/<name>/popup) and the follow/unfollow answers a script gets
// (Accept: application/json) instead of the form's redirect.
#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const HttpClient::Headers kScript = {{"Accept", "application/json"}};

class PopupTest : public HttpTest {
 protected:
  // A follow or unfollow as popups.js sends it: the form's fields, answered in JSON.
  static HttpResult change_by_script(HttpClient& c, const std::string& what,
                                     const std::string& whom) {
    return c.post_form("/" + what + "/" + whom, {{"csrf_token", c.csrf()}}, kScript);
  }

  int followers_of(const std::string& name) {
    return server().app().accounts().find_by_username(name)->follower_count;
  }
};

TEST_P(PopupTest, AnotherUsersCardHasTheirDetailsAndAFollowButton) {
  register_user("john", "John@Example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(john.submit("/edit_profile", "/edit_profile",
                        {{"username", "john"}, {"about_me", "I <3 C++"}})
                .status,
            302);
  auto susan = signed_in("susan");
  const auto res = susan.get("/user/john/popup");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(res.header("cache-control"), HasSubstr("no-store"));
  EXPECT_THAT(res.header("cache-control"), HasSubstr("private"));
  EXPECT_THAT(res.body, HasSubstr("https://www.gravatar.com/avatar/"
                                  "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"
                                  "?d=identicon&amp;s=64"));
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/john\""));
  EXPECT_THAT(res.body, HasSubstr("I &lt;3 C++"));
  EXPECT_THAT(res.body, HasSubstr("Last seen"));
  EXPECT_THAT(res.body, HasSubstr("0 followers, 0 following"));
  EXPECT_THAT(res.body, HasSubstr("action=\"/follow/john\""));
  EXPECT_THAT(res.body, HasSubstr(">Follow</button>"));
  // A fragment: no layout around it.
  EXPECT_THAT(res.body, Not(HasSubstr("<html")));
  EXPECT_THAT(res.body, Not(HasSubstr("<nav")));
}

TEST_P(PopupTest, OwnCardHasNoButton) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  const auto res = john.get("/user/john/popup");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/john\""));
  EXPECT_THAT(res.body, Not(HasSubstr("<button")));
  EXPECT_THAT(res.body, Not(HasSubstr("/follow/")));
  EXPECT_THAT(res.body, Not(HasSubstr("/unfollow/")));
}

TEST_P(PopupTest, UnknownUserIs404) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  EXPECT_EQ(john.get("/user/nobody/popup").status, 404);
}

TEST_P(PopupTest, SignedOutVisitorIsSentToSignInOrToldByAScript) {
  register_user("john", "john@example.com");
  auto c = client();
  auto res = c.get("/user/john/popup");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/auth/login?next=%2Fuser%2Fjohn%2Fpopup");
  EXPECT_THAT(res.body, Not(HasSubstr("john")));
  // A script asking for JSON gets 401 rather than the sign-in page.
  res = c.get("/user/john/popup", kScript);
  EXPECT_EQ(res.status, 401);
  EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
}

TEST_P(PopupTest, FollowAndUnfollowByScriptAnswerJsonAndChangeTheCard) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  susan.get("/user/john");  // the page the card sits on: its CSRF token

  auto res = change_by_script(susan, "follow", "john");
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
  EXPECT_EQ(res.header("location"), "");
  EXPECT_THAT(res.body, HasSubstr("\"following\":true"));
  EXPECT_THAT(res.body, HasSubstr("You are following john!"));
  EXPECT_EQ(followers_of("john"), 1);
  auto card = susan.get("/user/john/popup");
  EXPECT_THAT(card.body, HasSubstr("1 follower, 0 following"));
  EXPECT_THAT(card.body, HasSubstr("action=\"/unfollow/john\""));
  EXPECT_THAT(susan.get("/user/john").body, HasSubstr("action=\"/unfollow/john\""));
  // The answer carried no flash: the next page shows none.
  EXPECT_THAT(susan.get("/index").body, Not(HasSubstr("You are following john!")));

  // Asking again changes nothing and says so.
  res = change_by_script(susan, "follow", "john");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("You are already following john."));
  EXPECT_EQ(followers_of("john"), 1);

  res = change_by_script(susan, "unfollow", "john");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("\"following\":false"));
  EXPECT_EQ(followers_of("john"), 0);
  card = susan.get("/user/john/popup");
  EXPECT_THAT(card.body, HasSubstr("0 followers, 0 following"));
  EXPECT_THAT(card.body, HasSubstr("action=\"/follow/john\""));
}

TEST_P(PopupTest, ScriptFollowStillNeedsTheCsrfToken) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  susan.get("/user/john");
  auto res = susan.post_form("/follow/john", {}, kScript);
  EXPECT_EQ(res.status, 403);
  EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
  res = susan.post_form("/follow/john", {{"csrf_token", "not-the-token"}}, kScript);
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(followers_of("john"), 0);
}

TEST_P(PopupTest, ScriptErrorsAreAnsweredWithoutRedirect) {
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  susan.get("/index");
  auto res = change_by_script(susan, "follow", "nobody");
  EXPECT_EQ(res.status, 404);
  EXPECT_THAT(res.body, HasSubstr("User nobody not found."));
  res = change_by_script(susan, "follow", "susan");
  EXPECT_EQ(res.status, 400);
  EXPECT_THAT(res.body, HasSubstr("You cannot follow yourself!"));
}

TEST_P(PopupTest, ScriptFollowOverTheRateLimitIs429WithItsMessage) {
  start({{"FOLLOWS_PER_USER_PER_MINUTE", "1"}});
  register_user("john", "john@example.com");
  register_user("anna", "anna@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  susan.get("/index");
  EXPECT_EQ(change_by_script(susan, "follow", "john").status, 200);
  const auto res = change_by_script(susan, "follow", "anna");
  EXPECT_EQ(res.status, 429);
  EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
  EXPECT_THAT(res.body, HasSubstr("You are following and unfollowing people too often"));
  EXPECT_NE(res.header("retry-after"), "");
  EXPECT_EQ(followers_of("anna"), 0);
}

TEST_P(PopupTest, FormPostsKeepTheirRedirects) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  auto res = susan.submit("/user/john", "/follow/john", {});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/user/john");
  res = susan.submit("/index", "/follow/nobody", {});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/index");
}

TEST_P(PopupTest, CardIsInTheReadersLanguage) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  const auto res = susan.get("/user/john/popup", {{"Accept-Language", "es-ES,es;q=0.9"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("0 seguidores, 0 seguidos"));
  EXPECT_THAT(res.body, HasSubstr("Última"));
  EXPECT_THAT(res.body, HasSubstr(">Seguir</button>"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PopupTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

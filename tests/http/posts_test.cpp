#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostsTest : public HttpTest {
 protected:
  HttpResult post_text(HttpClient& c, const std::string& text) {
    return c.submit("/index", "/index", {{"post", text}});
  }

  static int count(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1)) {
      ++n;
    }
    return n;
  }

  services::UserProfile user(const std::string& name) {
    return *server().app().accounts().find_by_username(name);
  }
};

TEST_P(PostsTest, PostingRedirectsFlashesAndShowsThePost) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  auto res = c.get("/index");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("name=\"post\""));
  EXPECT_THAT(res.body, HasSubstr("No posts yet."));

  res = post_text(c, "This is an English sentence about the weather today. <b>&</b>");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/index");
  res = c.get("/index");
  EXPECT_THAT(res.body, HasSubstr("Your post is now live!"));
  EXPECT_THAT(res.body, HasSubstr("weather today. &lt;b&gt;&amp;&lt;/b&gt;"));
  EXPECT_THAT(res.body, HasSubstr("lang=\"en\""));
  EXPECT_THAT(res.body, HasSubstr("class=\"js-time\" data-format=\"relative\" datetime=\"20"));
  EXPECT_THAT(
      res.body,
      HasSubstr(
          "avatar/"
          "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4?d=identicon&amp;s=70"));
  EXPECT_EQ(user("john").post_count, 1);
  // Explore and the profile show it too.
  EXPECT_THAT(c.get("/explore").body, HasSubstr("weather today."));
  res = c.get("/user/john");
  EXPECT_THAT(res.body, HasSubstr("weather today."));
  EXPECT_THAT(res.body, HasSubstr(", 1 post<"));
}

TEST_P(PostsTest, InvalidPostsAreRefusedWithTheTextKept) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  auto res = post_text(c, "   \r\n  ");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please write something."));
  EXPECT_THAT(res.body, HasSubstr("is-invalid"));
  EXPECT_THAT(res.body, HasSubstr("Your post was not published."));
  res = post_text(c, std::string(141, 'z'));
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Keep it to 140 characters or fewer (this has 141)."));
  EXPECT_THAT(res.body, HasSubstr(std::string(141, 'z') + "</textarea>"));
  res = post_text(c, "bad \x01 byte");
  EXPECT_THAT(res.body, HasSubstr("characters that are not allowed"));
  EXPECT_EQ(user("john").post_count, 0);
  // 140 two-byte characters with a CRLF in the middle counted once: accepted.
  std::string text;
  for (int i = 0; i < 139; ++i) {
    text += i == 70 ? "\r\n" : "ñ";
  }
  text += "ñ";
  res = post_text(c, text);
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(user("john").post_count, 1);
}

TEST_P(PostsTest, TimelineFollowAndUnfollow) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  ASSERT_EQ(post_text(susan, "Susan writes here").status, 302);
  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "John writes here").status, 302);
  auto home = john.get("/index").body;
  EXPECT_THAT(home, HasSubstr("John writes here"));
  EXPECT_THAT(home, Not(HasSubstr("Susan writes here")));

  // The profile of someone else shows exactly the follow form.
  auto profile = john.get("/user/susan").body;
  EXPECT_EQ(count(profile, "action=\"/follow/susan\""), 1);
  EXPECT_EQ(count(profile, "action=\"/unfollow/susan\""), 0);
  EXPECT_THAT(john.get("/user/john").body, Not(HasSubstr("/follow/john")));

  auto res = john.submit("/user/susan", "/follow/susan", {});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/user/susan");
  profile = john.get("/user/susan").body;
  EXPECT_THAT(profile, HasSubstr("You are following susan!"));
  EXPECT_THAT(profile, HasSubstr(">1 follower<"));
  EXPECT_EQ(count(profile, "action=\"/unfollow/susan\""), 1);
  EXPECT_EQ(count(profile, "action=\"/follow/susan\""), 0);
  home = john.get("/index").body;
  EXPECT_THAT(home, HasSubstr("Susan writes here"));
  EXPECT_LT(home.find("John writes here"), home.find("Susan writes here"));  // newest first
  EXPECT_THAT(john.get("/user/john").body, HasSubstr("1 following"));

  // Twice is harmless.
  john.submit("/user/susan", "/follow/susan", {});
  EXPECT_THAT(john.get("/user/susan").body, HasSubstr("You are already following susan."));
  EXPECT_EQ(user("susan").follower_count, 1);

  res = john.submit("/user/susan", "/unfollow/susan", {});
  EXPECT_EQ(res.status, 302);
  EXPECT_THAT(john.get("/user/susan").body, HasSubstr("You are no longer following susan."));
  EXPECT_THAT(john.get("/index").body, Not(HasSubstr("Susan writes here")));
  EXPECT_EQ(user("susan").follower_count, 0);
  EXPECT_EQ(user("john").following_count, 0);
}

TEST_P(PostsTest, FollowRefusals) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto res = john.submit("/index", "/follow/john", {});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/user/john");
  EXPECT_THAT(john.get("/user/john").body, HasSubstr("You cannot follow yourself!"));
  res = john.submit("/index", "/follow/nobody", {});
  EXPECT_EQ(res.header("location"), "/index");
  EXPECT_THAT(john.get("/index").body, HasSubstr("User nobody not found."));
  EXPECT_EQ(user("john").following_count, 0);

  // Without the CSRF token: refused, nothing written.
  res = john.post_form("/follow/susan", {});
  EXPECT_EQ(res.status, 403);
  res = john.post_form("/follow/susan", {{"csrf_token", "forged"}});
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(user("susan").follower_count, 0);
  EXPECT_THAT(john.get("/user/susan/followers").body, HasSubstr("Nobody here yet."));

  // Signed out: to the login page.
  auto anon = client();
  res = anon.get("/user/susan/followers");
  EXPECT_EQ(res.status, 302);
  EXPECT_THAT(res.header("location"), HasSubstr("/auth/login?next="));
}

TEST_P(PostsTest, FollowerAndFollowingPages) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  john.submit("/user/susan", "/follow/susan", {});
  auto res = john.get("/user/susan/followers");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("People following susan"));
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/john\""));
  res = john.get("/user/john/following");
  EXPECT_THAT(res.body, HasSubstr("People john follows"));
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/susan\""));
  EXPECT_THAT(john.get("/user/john/followers").body, HasSubstr("Nobody here yet."));
  EXPECT_EQ(john.get("/user/nobody/followers").status, 404);
}

TEST_P(PostsTest, PagesWalkWithKeysetLinksAndNumberedPagesWork) {
  // A page and one more in a few seconds: a script's pace, over the default per-user limit.
  start({{"POSTS_PER_USER_PER_MINUTE", "100"}});
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  for (int i = 1; i <= 26; ++i) {
    ASSERT_EQ(post_text(c, "numbered post " + std::to_string(i) + ".").status, 302);
  }
  auto res = c.get("/explore");
  EXPECT_EQ(count(res.body, "<article class=\"post"), 25);
  EXPECT_THAT(res.body, HasSubstr("numbered post 26."));
  EXPECT_THAT(res.body, Not(HasSubstr("numbered post 1.")));
  EXPECT_THAT(res.body, Not(HasSubstr("Newer posts")));
  const auto at = res.body.find("href=\"/explore?before=");
  ASSERT_NE(at, std::string::npos) << res.body;
  const auto start = at + 6;
  const std::string older = res.body.substr(start, res.body.find('"', start) - start);
  res = c.get(older);
  EXPECT_EQ(count(res.body, "<article class=\"post"), 1);
  EXPECT_THAT(res.body, HasSubstr("numbered post 1."));
  EXPECT_THAT(res.body, HasSubstr("href=\"/explore?after="));
  EXPECT_THAT(res.body, Not(HasSubstr("Older posts")));

  // The original's numbered URLs: page 2, and a page far past the end (empty, not an error).
  res = c.get("/explore?page=2");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("numbered post 1."));
  res = c.get("/explore?page=200");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("No posts yet."));
  EXPECT_EQ(c.get("/index?page=200").status, 200);
  EXPECT_EQ(c.get("/user/john?page=200").status, 200);
  // Nonsense parameters are the newest page.
  res = c.get("/explore?before=abc&page=-3");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("numbered post 26."));
  // Profile pages link within the profile.
  EXPECT_THAT(c.get("/user/john").body, HasSubstr("href=\"/user/john?before="));
}

// Lists are served from a cache of rendered pages; every change a list shows must reach it.
TEST_P(PostsTest, ListsShowARenamedAuthorAtOnce) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "Before the rename").status, 302);
  EXPECT_THAT(john.get("/explore").body, HasSubstr("href=\"/user/john\""));
  EXPECT_THAT(john.get("/user/john").body, HasSubstr("href=\"/user/john\""));
  const auto res =
      john.submit("/edit_profile", "/edit_profile", {{"username", "jack"}, {"about_me", ""}});
  ASSERT_EQ(res.status, 302) << res.body;
  for (const std::string path : {"/explore", "/index", "/user/jack"}) {
    const auto body = john.get(path).body;
    EXPECT_THAT(body, HasSubstr("href=\"/user/jack\"")) << path;
    EXPECT_THAT(body, Not(HasSubstr("href=\"/user/john\""))) << path;
  }
}

// Two instances on one database, as in the highly available pair: what one writes, the other
// shows on its next page view although it has the list cached.
TEST_P(PostsTest, AnotherInstanceShowsWritesAtOnce) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  TestServer other(test_config(test_environment(database().url())));
  HttpClient susan_elsewhere(other.port());
  ASSERT_EQ(susan_elsewhere
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", "correct horse battery"}})
                .status,
            302);
  EXPECT_THAT(susan_elsewhere.get("/explore").body, HasSubstr("No posts yet."));
  EXPECT_THAT(susan_elsewhere.get("/index").body, HasSubstr("No posts yet."));

  auto john = signed_in("john");
  ASSERT_EQ(post_text(john, "Written on the first instance").status, 302);
  EXPECT_THAT(susan_elsewhere.get("/explore").body, HasSubstr("Written on the first instance"));
  EXPECT_THAT(susan_elsewhere.get("/index").body, Not(HasSubstr("Written on the first")));
  // A follow on the second instance reaches the first one's cached home page, and back.
  auto susan_here = signed_in("susan");
  EXPECT_THAT(susan_here.get("/index").body, Not(HasSubstr("Written on the first")));
  ASSERT_EQ(susan_elsewhere.submit("/user/john", "/follow/john", {}).status, 302);
  EXPECT_THAT(susan_elsewhere.get("/index").body, HasSubstr("Written on the first instance"));
  EXPECT_THAT(susan_here.get("/index").body, HasSubstr("Written on the first instance"));
  ASSERT_EQ(susan_here.submit("/user/john", "/unfollow/john", {}).status, 302);
  EXPECT_THAT(susan_elsewhere.get("/index").body, Not(HasSubstr("Written on the first")));
}

INSTANTIATE_TEST_SUITE_P(Backends, PostsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

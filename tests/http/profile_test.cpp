#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ProfileTest : public HttpTest {};

TEST_P(ProfileTest, ProfileShowsAvatarAboutMeAndCounts) {
  register_user("john", "John@Example.com");
  auto c = signed_in("john");
  const auto res = c.get("/user/john");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("https://www.gravatar.com/avatar/"
                                  "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"
                                  "?d=identicon&amp;s=256"));
  EXPECT_THAT(res.body, HasSubstr("0 followers"));
  EXPECT_THAT(res.body, HasSubstr("Edit your profile"));
  EXPECT_THAT(res.body, HasSubstr("Last seen"));
}

TEST_P(ProfileTest, UnknownUserIs404) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  EXPECT_EQ(c.get("/user/nobody").status, 404);
  EXPECT_EQ(c.get("/user/%2e%2e").status, 404);
}

TEST_P(ProfileTest, EditProfileSavesAndEscapes) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  auto res = c.submit("/edit_profile", "/edit_profile",
                      {{"username", "Johnny"}, {"about_me", "I <3 <script>alert(1)</script> & ñ"}});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/edit_profile");
  res = c.get("/edit_profile");
  EXPECT_THAT(res.body, HasSubstr("Your changes have been saved."));
  res = c.get("/user/johnny");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("I &lt;3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; ñ"));
  EXPECT_THAT(res.body, Not(HasSubstr("<script>alert(1)")));
  // The navbar follows the new name.
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/Johnny\""));
}

TEST_P(ProfileTest, EditProfileRejectsLongAboutMeAndTakenNames) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto c = signed_in("john");
  auto res = c.submit("/edit_profile", "/edit_profile",
                      {{"username", "john"}, {"about_me", std::string(141, 'x')}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Keep it to 140 characters or fewer."));
  res = c.submit("/edit_profile", "/edit_profile", {{"username", "SUSAN"}, {"about_me", ""}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please use a different username."));
  // 140 characters of two-byte letters are fine.
  std::string enye;
  for (int i = 0; i < 140; ++i) {
    enye += "ñ";
  }
  res = c.submit("/edit_profile", "/edit_profile", {{"username", "john"}, {"about_me", enye}});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(server().app().accounts().find_by_username("john")->about_me, enye);
}

TEST_P(ProfileTest, LastSeenIsWrittenAtMostOncePerMinute) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  c.get("/index");
  auto& activity = server().app().core().activity();
  activity.flush();
  const auto first = server().app().accounts().find_by_username("john")->last_seen_us;
  c.get("/index");
  c.get("/user/john");
  // Noted at most once a minute: nothing waits for the next write.
  EXPECT_EQ(activity.pending(), 0U);
  activity.flush();
  const auto second = server().app().accounts().find_by_username("john")->last_seen_us;
  EXPECT_EQ(first, second);
  // Once the stored value is more than a minute old, the next request refreshes it.
  {
    auto conn = database().db().connect();
    const long long old = first - 120'000'000;
    conn.sql() << "UPDATE user SET last_seen_us = :t WHERE username_key = 'john'", soci::use(old);
  }
  c.get("/index");
  activity.flush();
  const auto third = server().app().accounts().find_by_username("john")->last_seen_us;
  EXPECT_GT(third, first - 120'000'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

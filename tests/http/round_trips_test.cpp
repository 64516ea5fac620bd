// What a signed-in page costs the database once its list is kept: the connection leases of one
// request, as docs/performance.md's "Round trips per page" table says, on both backends. Each
// lease here runs one statement; a page that took a second lease would cost MariaDB a second
// network round trip.
#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class RoundTripsTest : public HttpTest {
 protected:
  std::uint64_t leases() { return server().app().core().database().leases(); }

  struct Counted {
    HttpResult res;
    std::uint64_t leases = 0;
  };
  // One GET and the leases it took.
  Counted counted_get(HttpClient& c, const std::string& path) {
    // Last-seen times noted by earlier requests are written by a thread of their own once a
    // second: written now, so that none of them lands inside the count.
    server().app().core().activity().flush();
    const auto before = leases();
    auto res = c.get(path);
    return {std::move(res), leases() - before};
  }
};

TEST_P(RoundTripsTest, AKeptPageCostsOneLeaseForItsSessionAndEverythingItShows) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(john.submit("/index", "/index", {{"post", "Hello from john"}}).status, 302);
  auto susan = signed_in("susan");
  ASSERT_EQ(susan.submit("/user/john", "/follow/john", {}).status, 302);
  for (const char* path : {"/index", "/explore", "/user/john", "/user/JOHN", "/user/john/popup"}) {
    susan.get(path);  // shows the flashed message and keeps the lists
    const auto got = counted_get(susan, path);
    EXPECT_EQ(got.res.status, 200) << path;
    EXPECT_EQ(got.leases, 1u) << path;
  }
  // The profile read with the session is the user's own, with the follow as it is now.
  const auto profile = susan.get("/user/JOHN").body;
  EXPECT_THAT(profile, HasSubstr("Hello from john"));
  EXPECT_THAT(profile, HasSubstr("action=\"/unfollow/john\""));
  // Nobody by that name: still one lease, and the page says so.
  const auto missing = counted_get(susan, "/user/nobody");
  EXPECT_EQ(missing.res.status, 404);
  EXPECT_THAT(missing.res.body, HasSubstr("There is no user by that name."));
  EXPECT_EQ(missing.leases, 1u);
}

TEST_P(RoundTripsTest, AFollowThroughTheOtherInstanceShowsOnTheNextProfilePage) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  TestServer other(test_config(test_environment(database().url())));
  auto susan_here = signed_in("susan");
  EXPECT_THAT(susan_here.get("/user/john").body, HasSubstr("action=\"/follow/john\""));
  auto susan_there = signed_in_at(other.port(), "susan");
  ASSERT_EQ(susan_there.submit("/user/john", "/follow/john", {}).status, 302);
  const auto profile = susan_here.get("/user/john").body;
  EXPECT_THAT(profile, HasSubstr("action=\"/unfollow/john\""));
  EXPECT_THAT(profile, HasSubstr(">1 follower<"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundTripsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

#include <gtest/gtest.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

// The policies declared where routes are registered, as a client meets them.
class RoutePolicyTest : public HttpTest {};

TEST_P(RoutePolicyTest, SignedInRoutesSendVisitorsToTheSignInPageWithNext) {
  auto c = client();
  for (const std::string path : {"/index", "/explore", "/user/nobody", "/edit_profile",
                                 "/auth/change_password", "/user/nobody/followers"}) {
    const auto res = c.get(path);
    EXPECT_EQ(res.status, 302) << path;
    EXPECT_EQ(res.header("location").rfind("/auth/login?next=", 0), 0U) << path;
  }
}

TEST_P(RoutePolicyTest, SignedOutRoutesSendSignedInVisitorsOn) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  for (const std::string path : {"/auth/login", "/auth/register", "/auth/reset_password_request"}) {
    const auto res = c.get(path);
    EXPECT_EQ(res.status, 302) << path;
    EXPECT_EQ(res.header("location"), "/index") << path;
  }
  // A local next= is followed; another host is not.
  EXPECT_EQ(c.get("/auth/login?next=%2Fexplore").header("location"), "/explore");
  EXPECT_EQ(c.get("/auth/login?next=%2F%2Fevil.example").header("location"), "/index");
}

TEST_P(RoutePolicyTest, PublicRoutesNeitherReadNorSetASession) {
  auto c = client();
  const auto res = c.get("/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("set-cookie"), "");
  // A page with a form sets one: the difference is the policy, not the path.
  EXPECT_NE(c.get("/auth/login").header("set-cookie"), "");
}

TEST_P(RoutePolicyTest, TheApiGroupAnswersJsonForUnknownPathsAndWithoutAToken) {
  auto c = client();
  const auto missing = c.get("/api/no/such/thing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type").rfind("application/json", 0), 0U);
  EXPECT_NE(missing.body.find("\"error\""), std::string::npos);
  // The site's own 404 stays a page.
  const auto page = c.get("/no/such/thing");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.header("content-type").rfind("text/html", 0), 0U);
}

TEST_P(RoutePolicyTest, WrongMethodIs405WithAllowAndNoCsrfCheck) {
  auto c = client();
  const auto res = c.request("DELETE", "/index", "", {});
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("allow"), "GET, POST");
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutePolicyTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

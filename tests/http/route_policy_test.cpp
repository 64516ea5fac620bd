#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "http/http_fixture.hpp"
#include "http/router.hpp"
#include "util/crypto.hpp"

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

// Every state-changing route of the application, taken from its route table so that a route
// added later is checked without anyone remembering to list it: refused without the CSRF token,
// with a wrong one in the form or in the X-CSRF-Token header, and let through with the right one.
TEST_P(RoutePolicyTest, EveryStateChangingRouteChecksTheCsrfToken) {
  register_user("susan", "susan@example.com");
  register_user("john", "john@example.com");
  auto stranger = client();
  stranger.get("/auth/login");
  const std::string strangers_token = stranger.csrf();  // valid, but for another session
  ASSERT_FALSE(strangers_token.empty());
  const std::map<std::string, std::string> values = {{"username", "john"},
                                                     {"token", util::random_token()}};
  std::set<std::string> checked;
  for (const auto& route : server().app().routes().router().routes()) {
    const std::string method(http::beast_http::to_string(route.method));
    if (route.method == http::Verb::get || route.method == http::Verb::head ||
        route.method == http::Verb::options) {
      continue;
    }
    const std::string pattern = route.pattern.text();
    const std::string name = method + " " + pattern;
    SCOPED_TRACE(name);
    // A cookie-free API route needs no CSRF token; anything else that changes state must be a
    // session route, where the dispatcher checks it.
    if (route.target.policy.auth == web::Auth::bearer) {
      continue;
    }
    ASSERT_EQ(route.target.policy.auth, web::Auth::session) << "no CSRF check on " << name;
    std::string path;
    for (const auto segment : http::split_path(pattern)) {
      std::string s(segment);
      if (s.size() > 2 && s.front() == '<' && s.back() == '>') {
        const auto colon = s.find(':');
        const std::string param = s.substr(colon == std::string::npos ? 1 : colon + 1,
                                           s.size() - (colon == std::string::npos ? 2 : colon + 2));
        s = values.count(param) != 0 ? values.at(param) : "x";
      }
      path += "/" + s;
    }
    auto c = signed_in("susan");
    c.get("/auth/change_password");  // a page, for this session's own token
    const std::string own_token = c.csrf();
    ASSERT_FALSE(own_token.empty());
    const HttpClient::Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
    EXPECT_EQ(c.request(method, path, "", form).status, 403) << "without a token";
    EXPECT_EQ(c.request(method, path, form_encode({{"csrf_token", strangers_token}}), form).status,
              403)
        << "another session's token in the form";
    EXPECT_EQ(c.request(method, path, form_encode({{"csrf_token", "forged"}}), form).status, 403)
        << "a made-up token in the form";
    auto wrong_header = form;
    wrong_header.emplace_back("X-CSRF-Token", strangers_token);
    EXPECT_EQ(c.request(method, path, "", wrong_header).status, 403)
        << "another session's token in the header";
    // The form field wins over the header: a right header does not rescue a wrong field.
    auto right_header = form;
    right_header.emplace_back("X-CSRF-Token", own_token);
    EXPECT_EQ(c.request(method, path, form_encode({{"csrf_token", strangers_token}}), right_header)
                  .status,
              403)
        << "a wrong field with the right header";
    // The right token passes the check (what the handler then answers does not matter here).
    EXPECT_NE(c.request(method, path, form_encode({{"csrf_token", own_token}}), form).status, 403)
        << "the right token in the form";
    auto fresh = signed_in("susan");
    fresh.get("/auth/change_password");
    auto header = form;
    header.emplace_back("X-CSRF-Token", fresh.csrf());
    EXPECT_NE(fresh.request(method, path, "", header).status, 403)
        << "the right token in the header";
    checked.insert(name);
  }
  // The table is the application's: these must be among what it held.
  for (const std::string must :
       {"POST /index", "POST /", "POST /edit_profile", "POST /follow/<username>",
        "POST /unfollow/<username>", "POST /auth/login", "POST /auth/register", "POST /auth/logout",
        "POST /auth/change_password", "POST /auth/reset_password_request",
        "POST /auth/reset_password", "POST /language"}) {
    EXPECT_EQ(checked.count(must), 1U) << must;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutePolicyTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

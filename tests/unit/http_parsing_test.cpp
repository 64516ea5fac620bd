#include <gtest/gtest.h>

#include "http/message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "web/navigation.hpp"

namespace microblog {
namespace {

http::Request make_request(http::Verb verb, const std::string& path) {
  http::Request r;
  r.raw.method(verb);
  r.raw.target(path);
  r.path = path;
  return r;
}

TEST(Urlencoded, DecodesPlusAndPercentAndKeepsFirstValue) {
  const auto p = http::parse_urlencoded("username=susan&password=p%40ss+word&x=1&x=2&bad=%zz&=e");
  EXPECT_EQ(p.at("username"), "susan");
  EXPECT_EQ(p.at("password"), "p@ss word");
  EXPECT_EQ(p.at("x"), "1");
  EXPECT_FALSE(p.contains("bad"));
  EXPECT_EQ(http::encode_query_value("/user/a b?c&d"), "%2Fuser%2Fa%20b%3Fc%26d");
}

TEST(Cookies, FindsTheNamedCookie) {
  auto r = make_request(http::Verb::get, "/");
  r.raw.set(http::Field::cookie, "a=1; session=abc; theme=\"dark\"");
  EXPECT_EQ(r.cookie("session"), "abc");
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_FALSE(r.cookie("missing").has_value());
}

TEST(Negotiation, JsonOnlyWhenPreferred) {
  auto r = make_request(http::Verb::get, "/");
  EXPECT_FALSE(http::prefers_json(r));  // no Accept: a browser-like default, unlike the original
  r.raw.set(http::Field::accept, "application/json");
  EXPECT_TRUE(http::prefers_json(r));
  r.raw.set(http::Field::accept, "text/html,application/xhtml+xml,application/json;q=0.9");
  EXPECT_FALSE(http::prefers_json(r));
  r.raw.set(http::Field::accept, "application/json, text/html");
  EXPECT_TRUE(http::prefers_json(r));
}

TEST(Router, MatchesParamsAndReportsAllowedMethods) {
  // The target is whatever the application keeps per route; an int shows which route won.
  http::Router<int> router;
  router.add(http::Verb::get, "/user/<username>", 1);
  router.add(http::Verb::post, "/user/<username>", 2);
  router.add(http::Verb::get, "/static/<path:file>", 3);

  auto m = router.match(http::Verb::get, "/user/su%20san");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->target, 1);
  EXPECT_EQ(m.route->pattern.text(), "/user/<username>");
  EXPECT_EQ(m.params["username"], "su san");

  m = router.match(http::Verb::head, "/user/x");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->target, 1);
  EXPECT_EQ(router.match(http::Verb::post, "/user/x").route->target, 2);

  m = router.match(http::Verb::delete_, "/user/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed, "GET, POST");

  EXPECT_FALSE(router.match(http::Verb::get, "/user/x/y").path_known);

  m = router.match(http::Verb::get, "/static/css/app.css");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["file"], "css/app.css");

  // An encoded slash cannot smuggle ".." into a file path.
  EXPECT_EQ(router.match(http::Verb::get, "/static/a%2F..%2Fb").route, nullptr);
}

TEST(SafeNext, OnlyLocalPaths) {
  EXPECT_EQ(web::safe_next("/user/susan?page=2"), "/user/susan?page=2");
  EXPECT_EQ(web::safe_next("https://evil.example"), "/index");
  EXPECT_EQ(web::safe_next("//evil.example"), "/index");
  EXPECT_EQ(web::safe_next("/\\evil.example"), "/index");
  EXPECT_EQ(web::safe_next("/ok\r\nSet-Cookie: x"), "/index");
  EXPECT_EQ(web::safe_next(""), "/index");
  EXPECT_EQ(web::safe_next("javascript:alert(1)"), "/index");
}

TEST(ListenAddress, ParsesAndRejects) {
  const auto a = http::parse_listen_address("127.0.0.1:5000");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 5000);
  EXPECT_EQ(http::parse_listen_address("[::1]:8080").host, "::1");
  EXPECT_EQ(http::parse_listen_address("localhost:1").host, "127.0.0.1");
  EXPECT_THROW(http::parse_listen_address("5000"), std::exception);
  EXPECT_THROW(http::parse_listen_address("127.0.0.1:99999"), std::exception);
  EXPECT_THROW(http::parse_listen_address("example.com:80"), std::exception);
}

}  // namespace
}  // namespace microblog

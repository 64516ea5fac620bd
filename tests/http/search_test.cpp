// GET /search through the real server: results rendered as explore renders posts, the query
// kept (escaped) in the box, pagination links that keep q, the messages for empty queries, and
// the box in the navigation bar.
#include <gmock/gmock.h>

#include "http/http_fixture.hpp"
#include "http/message.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SearchPageTest : public HttpTest {
 protected:
  void SetUp() override { start({{"POSTS_PER_PAGE", "2"}}); }

  void post_text(HttpClient& c, const std::string& text) {
    const auto res = c.submit("/index", "/index", {{"post", text}});
    ASSERT_EQ(res.status, 302) << res.body;
  }

  // The href of the first link with rel=`rel`, with the HTML escaping of & undone.
  static std::string link(const std::string& body, const std::string& rel) {
    const auto end = body.find("\" rel=\"" + rel + "\"");
    if (end == std::string::npos) {
      return "";
    }
    const auto start = body.rfind("href=\"", end) + 6;
    std::string href = body.substr(start, end - start);
    for (auto pos = href.find("&amp;"); pos != std::string::npos; pos = href.find("&amp;")) {
      href.replace(pos, 5, "&");
    }
    return href;
  }
};

TEST_P(SearchPageTest, FindsPostsAndPagesKeepTheQuery) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  post_text(c, "First C++ post");
  post_text(c, "Nothing to see here");
  post_text(c, "Second c++ post");
  post_text(c, "Third C++ POST, with accents: café");

  const std::string q = http::encode_query_value("c++ post");
  auto res = c.get("/search?q=" + q);
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("<h1 class=\"h3 mb-3\">Search</h1>"));
  EXPECT_THAT(res.body, HasSubstr("value=\"c++ post\""));
  EXPECT_THAT(res.body, HasSubstr("Posts with every word of &ldquo;c++ post&rdquo;"));
  // Newest first, a page of two, rendered as explore renders posts.
  EXPECT_THAT(res.body, HasSubstr("Third C++ POST, with accents: café"));
  EXPECT_THAT(res.body, HasSubstr("Second c++ post"));
  EXPECT_THAT(res.body, Not(HasSubstr("First C++ post")));
  EXPECT_THAT(res.body, Not(HasSubstr("Nothing to see here")));
  EXPECT_THAT(res.body, HasSubstr("class=\"post-author fw-semibold\" href=\"/user/john\""));
  EXPECT_LT(res.body.find("Third C++"), res.body.find("Second c++"));

  const std::string older = link(res.body, "next");
  ASSERT_THAT(older, ::testing::StartsWith("/search?q=" + q + "&before="));
  EXPECT_THAT(q, Not(HasSubstr("+")));  // "+" would be read back as a space
  res = c.get(older);
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("First C++ post"));
  EXPECT_THAT(res.body, Not(HasSubstr("Second c++ post")));
  EXPECT_THAT(res.body, HasSubstr("value=\"c++ post\""));
  const std::string newer = link(res.body, "prev");
  ASSERT_THAT(newer, ::testing::StartsWith("/search?q=" + q + "&after="));
  res = c.get(newer);
  EXPECT_THAT(res.body, HasSubstr("Third C++ POST"));
  EXPECT_THAT(res.body, HasSubstr("Second c++ post"));

  // Accents and case do not matter.
  res = c.get("/search?q=CAF%C3%89");
  EXPECT_THAT(res.body, HasSubstr("Third C++ POST"));
  EXPECT_THAT(res.body, Not(HasSubstr("Second c++ post")));
}

TEST_P(SearchPageTest, AwkwardQueriesAreAnsweredAndEscaped) {
  register_user("john", "john@example.com");
  auto c = signed_in("john");
  post_text(c, "Plain words only");

  auto res = c.get("/search?q=" + http::encode_query_value("<script>\"it's\" AND OR NOT"));
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("value=\"&lt;script&gt;&quot;it&#39;s&quot; AND OR NOT\""));
  EXPECT_THAT(res.body, Not(HasSubstr("<script>\"")));
  EXPECT_THAT(res.body, HasSubstr("No posts contain every word you searched for."));

  res = c.get("/search?q=" + http::encode_query_value(std::string(1000, '*')));
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("There is nothing to search for in that"));

  res = c.get("/search");
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Type one or more words"));
  res = c.get("/search?q=");
  EXPECT_THAT(res.body, HasSubstr("Type one or more words"));

  // Invalid UTF-8 is no error either; the box is left empty.
  res = c.get("/search?q=%FF%FEplain");
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("value=\"\""));
}

TEST_P(SearchPageTest, TheNavigationHasTheBoxForSignedInVisitorsOnly) {
  auto anonymous = client();
  auto res = anonymous.get("/auth/login");
  EXPECT_THAT(res.body, Not(HasSubstr("action=\"/search\"")));
  res = anonymous.get("/search?q=x");
  EXPECT_EQ(res.status, 302);
  EXPECT_THAT(res.header("location"), HasSubstr("/auth/login"));

  register_user("john", "john@example.com");
  auto c = signed_in("john");
  res = c.get("/explore");
  EXPECT_THAT(res.body, HasSubstr("method=\"get\" action=\"/search\" role=\"search\""));
  EXPECT_THAT(res.body, HasSubstr("type=\"search\" name=\"q\""));
  EXPECT_THAT(res.body, HasSubstr("aria-label=\"Search posts\""));
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchPageTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

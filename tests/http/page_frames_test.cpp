// The signed-in list pages (home, explore) are expanded once per reader and kept around their
// list and CSRF token (web::PageFrame). What must hold, on both backends: a kept frame is used
// again, it shows only its own reader's name and token, and what changes for the reader (a
// message, a flashed message, the interface language, the list) shows on the next page.
#include <regex>

#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PageFramesTest : public HttpTest {
 protected:
  const auto& frames() { return server().app().views().frames(); }

  // Every CSRF token a page carries (the meta tag and each form's hidden field).
  static std::vector<std::string> tokens_in(const std::string& html) {
    static const std::regex kToken(
        R"re((?:name="csrf-token" content|name="csrf_token" value)="([^"]*)")re");
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), kToken);
         it != std::sregex_iterator(); ++it) {
      found.push_back((*it)[1].str());
    }
    return found;
  }
};

TEST_P(PageFramesTest, AReadersFrameIsKeptAndShowsOnlyTheirNameAndToken) {
  register_user("ann", "ann@example.com");
  register_user("bob", "bob@example.com");
  auto ann = signed_in("ann");
  auto bob = signed_in("bob");
  const auto first = ann.get("/index");
  ASSERT_EQ(first.status, 200);
  const long long hits = frames().hits();
  const auto again = ann.get("/index");
  EXPECT_EQ(frames().hits(), hits + 1);
  EXPECT_EQ(again.body, first.body);

  const auto ann_tokens = tokens_in(again.body);
  ASSERT_EQ(ann_tokens.size(), 4u) << "meta tag, logout, language and post forms";
  for (const auto& token : ann_tokens) {
    EXPECT_EQ(token, ann_tokens.front());
  }
  // The token the page shows is the one the session accepts.
  EXPECT_EQ(ann.post_form("/index", {{"csrf_token", ann_tokens.front()}, {"post", "Hi"}}).status,
            302);

  const auto bobs = bob.get("/index").body;
  EXPECT_THAT(bobs, HasSubstr("Hi, bob!"));
  EXPECT_THAT(bobs, Not(HasSubstr("ann")));
  const auto bob_tokens = tokens_in(bobs);
  ASSERT_EQ(bob_tokens.size(), 4u);
  for (const auto& token : bob_tokens) {
    EXPECT_EQ(token, bob_tokens.front());
    EXPECT_NE(token, ann_tokens.front());
  }
}

TEST_P(PageFramesTest, WhatChangesForTheReaderShowsOnTheirNextPage) {
  register_user("ann", "ann@example.com");
  register_user("bob", "bob@example.com");
  auto ann = signed_in("ann");
  auto bob = signed_in("bob");
  for (const char* page : {"/index", "/explore"}) {
    ann.get(page);
    EXPECT_THAT(ann.get(page).body, HasSubstr("js-message-count\">0<")) << page;
  }

  // A message raises the count on both pages.
  ASSERT_EQ(bob.submit("/send_message/ann", "/send_message/ann", {{"message", "Hello Ann"}}).status,
            302);
  for (const char* page : {"/index", "/explore"}) {
    EXPECT_THAT(ann.get(page).body, HasSubstr("js-message-count\">1<")) << page;
  }

  // A flashed message shows once, with the new post; the page after it has the post only.
  ASSERT_EQ(ann.submit("/index", "/index", {{"post", "Ann's first post"}}).status, 302);
  auto shown = ann.get("/index").body;
  EXPECT_THAT(shown, HasSubstr("Your post is now live!"));
  EXPECT_THAT(shown, HasSubstr("Ann&#39;s first post"));
  shown = ann.get("/index").body;
  EXPECT_THAT(shown, Not(HasSubstr("Your post is now live!")));
  EXPECT_THAT(shown, HasSubstr("Ann&#39;s first post"));
  EXPECT_THAT(bob.get("/explore").body, HasSubstr("Ann&#39;s first post"));

  // Another interface language is another frame.
  ann.always_send("Accept-Language", "es");
  const auto spanish = ann.get("/explore").body;
  EXPECT_THAT(spanish, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(spanish, HasSubstr("Ann&#39;s first post"));
}

TEST_P(PageFramesTest, WithTheCacheOffNoFrameIsKept) {
  start({{"POST_LIST_CACHE_MB", "0"}});
  register_user("ann", "ann@example.com");
  auto ann = signed_in("ann");
  ASSERT_EQ(ann.submit("/index", "/index", {{"post", "Uncached"}}).status, 302);
  EXPECT_THAT(ann.get("/index").body, HasSubstr("Uncached"));
  EXPECT_THAT(ann.get("/explore").body, HasSubstr("Uncached"));
  EXPECT_EQ(frames().bytes(), 0u);
  EXPECT_EQ(frames().hits(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PageFramesTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

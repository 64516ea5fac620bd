#include <future>
#include <regex>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "http/http_fixture.hpp"
#include "support/translator_fake.hpp"

// POST /translate end to end: the real server on both backends, a fake translation API behind it.
namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSpanish =
    "Hoy hace un día precioso en Madrid y vamos a pasear por el parque del Retiro.";
constexpr const char* kEnglish =
    "Today is a beautiful day in Madrid and we are going for a walk in Retiro park.";
constexpr const char* kEnglishPost =
    "This is an English sentence about the weather today and the long walk we took.";

class TranslateTest : public HttpTest {
 protected:
  void SetUp() override {}  // each test starts the server with its own translation settings

  // Starts the server on LibreTranslate at `fake` (plus `extra`), with susan and john.
  void start_with(const TranslatorFake* fake, std::map<std::string, std::string> extra = {}) {
    if (fake != nullptr) {
      extra["LIBRETRANSLATE_URL"] = fake->url();
    }
    start(extra);
    register_user("susan", "susan@example.com");
    register_user("john", "john@example.com");
  }

  // Susan's post, by the web form; returns its id.
  Id post_as_susan(const std::string& text) {
    auto susan = signed_in("susan");
    EXPECT_EQ(susan.submit("/index", "/index", {{"post", text}}).status, 302);
    auto conn = database().db().connect();
    long long id = 0;
    conn.sql() << "SELECT MAX(id) FROM post", soci::into(id);
    return id;
  }

  // What the page's script sends: JSON, with the CSRF token of the page in a header (a page
  // read after signing in: the token belongs to the session).
  static HttpResult translate(HttpClient& c, const std::string& body,
                              const std::string& content_type = "application/json") {
    c.get("/index");
    return send(c, body, content_type);
  }

  static HttpResult send(HttpClient& c, const std::string& body,
                         const std::string& content_type = "application/json") {
    return c.request("POST", "/translate", body,
                     {{"Content-Type", content_type},
                      {"Accept", "application/json"},
                      {"X-CSRF-Token", c.csrf()}});
  }

  static HttpResult translate_post(HttpClient& c, Id post_id, const std::string& language = "") {
    nlohmann::json body = {{"post_id", post_id}};
    if (!language.empty()) {
      body["dest_language"] = language;
    }
    return translate(c, body.dump());
  }

  static nlohmann::json json_of(const HttpResult& res) {
    EXPECT_THAT(res.header("content-type"), HasSubstr("application/json")) << res.body;
    return nlohmann::json::parse(res.body, nullptr, false);
  }

  long long stored_translations() {
    auto conn = database().db().connect();
    long long n = 0;
    conn.sql() << "SELECT COUNT(*) FROM post_translation", soci::into(n);
    return n;
  }
};

TEST_P(TranslateTest, TranslateIsOfferedOnPostsInAnotherLanguageThanTheReaders) {
  start_with(nullptr);
  const Id spanish = post_as_susan(kSpanish);
  const Id english = post_as_susan(kEnglishPost);
  auto john = signed_in("john");
  for (const std::string page : {"/explore", "/user/susan"}) {
    const auto body = john.get(page).body;
    EXPECT_THAT(body, HasSubstr("data-post-id=\"" + std::to_string(spanish) + "\"")) << page;
    EXPECT_THAT(body, Not(HasSubstr("data-post-id=\"" + std::to_string(english) + "\""))) << page;
    EXPECT_THAT(body, HasSubstr(">Translate</button>"));
    EXPECT_THAT(body, HasSubstr("data-label-original=\"Show original\""));
    EXPECT_THAT(body, HasSubstr("data-dest-language=\"en\""));
  }

  // A site whose default language is Spanish offers it on the English post instead, in Spanish:
  // the cached lists are kept per language.
  start({{"LANGUAGES", "es,en"}});
  auto juan = signed_in("john");
  const auto body = juan.get("/explore").body;
  EXPECT_THAT(body, HasSubstr("data-post-id=\"" + std::to_string(english) + "\""));
  EXPECT_THAT(body, Not(HasSubstr("data-post-id=\"" + std::to_string(spanish) + "\"")));
  EXPECT_THAT(body, HasSubstr(">Traducir</button>"));
  EXPECT_THAT(body, HasSubstr("data-dest-language=\"es\""));
}

TEST_P(TranslateTest, TranslatesOnceAndServesTheStoredTranslationAfterwards) {
  TranslatorFake fake("libretranslate", "");
  start_with(&fake);
  const Id post = post_as_susan(kSpanish);
  auto john = signed_in("john");
  auto res = translate_post(john, post);  // dest_language: the reader's, English
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json_of(res), (nlohmann::json{{"text", kEnglish}}));
  ASSERT_EQ(fake.requests().size(), 1U);
  EXPECT_EQ(fake.requests()[0]["body"]["source"], "es");
  EXPECT_EQ(fake.requests()[0]["body"]["target"], "en");
  EXPECT_EQ(stored_translations(), 1);

  // Again, and by another reader: from the database, no second call.
  EXPECT_EQ(json_of(translate_post(john, post, "en"))["text"], kEnglish);
  auto susan = signed_in("susan");
  EXPECT_EQ(json_of(translate_post(susan, post, "en"))["text"], kEnglish);
  EXPECT_EQ(fake.requests().size(), 1U);
  EXPECT_EQ(server().app().translations().outbound_calls(), 1);

  // Another language is another translation; the post's own language needs none.
  EXPECT_EQ(json_of(translate_post(john, post, "de"))["text"], std::string("[de] ") + kSpanish);
  EXPECT_EQ(json_of(translate_post(john, post, "es"))["text"], kSpanish);
  EXPECT_EQ(fake.requests().size(), 2U);
  EXPECT_EQ(stored_translations(), 2);

  // The stored translations go with their post.
  {
    auto conn = database().db().connect();
    conn.sql() << "DELETE FROM post WHERE id = :id", soci::use(post);
  }
  EXPECT_EQ(stored_translations(), 0);
}

TEST_P(TranslateTest, BadRequestsGetJsonErrorsWithTheirStatus) {
  TranslatorFake fake("libretranslate", "");
  start_with(&fake);
  const Id post = post_as_susan(kSpanish);
  auto john = signed_in("john");
  const std::string good = nlohmann::json{{"post_id", post}}.dump();

  auto res = translate(john, good, "application/x-www-form-urlencoded");
  EXPECT_EQ(res.status, 415);
  EXPECT_EQ(json_of(res)["message"], "Send the request as application/json.");
  for (const std::string bad : {"{", "[]", R"({"post_id": "1"})", R"({"id": 1})",
                                R"({"post_id": 1.5})", R"({"post_id": 1, "dest_language": 3})"}) {
    res = translate(john, bad);
    EXPECT_EQ(res.status, 400) << bad;
    EXPECT_EQ(json_of(res)["error"], "Bad Request") << bad;
  }
  res = translate(john, nlohmann::json{{"post_id", post}, {"dest_language", "en; DROP"}}.dump());
  EXPECT_EQ(res.status, 400);
  EXPECT_THAT(json_of(res)["message"].get<std::string>(), HasSubstr("language code"));
  for (const Id unknown : {post + 1000, Id{0}, Id{-3}}) {
    res = translate_post(john, unknown, "en");
    EXPECT_EQ(res.status, 404) << unknown;
    EXPECT_EQ(json_of(res)["message"], "There is no such post.");
  }

  // The CSRF token is checked before anything else, and a visitor must be signed in.
  res = john.request("POST", "/translate", good, {{"Content-Type", "application/json"}});
  EXPECT_EQ(res.status, 403);
  auto visitor = client();
  visitor.get("/auth/login");  // a visitor's session and its token
  res = send(visitor, good);
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(json_of(res)["error"], "Unauthorized");
  EXPECT_TRUE(fake.requests().empty());  // none of these reached the service
}

TEST_P(TranslateTest, WithoutAServiceItSaysSo) {
  start_with(nullptr);
  const Id post = post_as_susan(kSpanish);
  auto john = signed_in("john");
  const auto res = translate_post(john, post, "en");
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(json_of(res)["message"], "Error: the translation service is not configured.");
  EXPECT_EQ(stored_translations(), 0);
}

TEST_P(TranslateTest, AFailingServiceIs502AndNothingIsStored) {
  TranslatorFake fake("libretranslate", "lt-key");
  start_with(&fake, {{"LIBRETRANSLATE_API_KEY", "lt-key"}});
  const Id broken = post_as_susan("Hoy el parque del Retiro está cerrado por obras #server-error");
  auto john = signed_in("john");
  auto res = translate_post(john, broken, "en");
  EXPECT_EQ(res.status, 502);
  EXPECT_EQ(json_of(res)["message"], "Error: the translation service failed.");
  res = translate_post(john, broken, "en");  // failures are not stored: asked again
  EXPECT_EQ(res.status, 502);
  EXPECT_EQ(fake.requests().size(), 2U);
  EXPECT_EQ(stored_translations(), 0);

  // A wrong key is a failure too.
  start({{"LIBRETRANSLATE_URL", fake.url()}, {"LIBRETRANSLATE_API_KEY", "wrong"}});
  const Id post = post_as_susan(kSpanish);
  john = signed_in("john");
  EXPECT_EQ(translate_post(john, post, "en").status, 502);
  EXPECT_EQ(fake.requests().back()["status"], 403);
}

TEST_P(TranslateTest, ASlowServiceIs504WithinTheTimeout) {
  TranslatorFake fake("libretranslate", "", "", 30);
  start_with(&fake, {{"TRANSLATION_TIMEOUT_SECONDS", "1"}});
  const Id post = post_as_susan("Hoy hace un día precioso en Madrid #slow");
  auto john = signed_in("john");
  const auto res = translate_post(john, post, "en");
  EXPECT_EQ(res.status, 504);
  EXPECT_EQ(json_of(res)["message"], "Error: the translation service did not answer in time.");
  EXPECT_EQ(stored_translations(), 0);
}

TEST_P(TranslateTest, RequestsPerUserAreLimited) {
  TranslatorFake fake("libretranslate", "");
  start_with(&fake, {{"TRANSLATIONS_PER_USER_PER_MINUTE", "3"}});
  const Id post = post_as_susan(kSpanish);
  auto john = signed_in("john");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(translate_post(john, post, "en").status, 200) << i;  // stored ones count too
  }
  const auto refused = translate_post(john, post, "en");
  EXPECT_EQ(refused.status, 429);
  const int retry_after = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_THAT(json_of(refused)["message"].get<std::string>(), HasSubstr("too often"));
  // Per user.
  auto susan = signed_in("susan");
  EXPECT_EQ(translate_post(susan, post, "en").status, 200);
  EXPECT_EQ(fake.requests().size(), 1U);
}

TEST_P(TranslateTest, OutboundCallsAreBoundedAndTheRestAreTold503WithRetryAfter) {
  TranslatorFake fake("libretranslate", "", "", 30);
  start_with(&fake, {{"TRANSLATION_CONCURRENCY", "1"}, {"TRANSLATION_TIMEOUT_SECONDS", "3"}});
  const Id slow = post_as_susan("Hoy hace un día precioso en Madrid #slow");
  const Id other = post_as_susan(kSpanish);
  auto john = signed_in("john");
  auto susan = signed_in("susan");
  auto held = std::async(std::launch::async, [&] { return translate_post(john, slow, "en"); });
  ASSERT_TRUE(fake.wait_for_slow_request());  // the one slot is taken now
  const auto refused = translate_post(susan, other, "en");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("retry-after"), "3");
  EXPECT_THAT(json_of(refused)["message"].get<std::string>(), HasSubstr("busy"));
  EXPECT_EQ(held.get().status, 504);
  // The slot is free again.
  EXPECT_EQ(translate_post(susan, other, "en").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, TranslateTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

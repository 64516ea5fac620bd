#include <algorithm>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "db/post_repository.hpp"
#include "http/http_fixture.hpp"
#include "services/export_format.hpp"
#include "support/mail_sink.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

// "Export your posts" end to end: the button, the job, the progress bar and the mail through a
// real SMTP server. Jobs run when the test says (run_jobs), never by waiting.
class ExportTest : public HttpTest {
 protected:
  void SetUp() override {
    sink_.start();
    start({{"MAIL_SERVER", "127.0.0.1"},
           {"MAIL_PORT", std::to_string(sink_.port())},
           {"MAIL_FROM", "no-reply@microblog.test"}});
    register_user("susan", "susan@example.com");
    register_user("john", "john@example.com");
  }

  int run_jobs() { return server().app().jobs().run_until_idle(); }

  HttpResult post(HttpClient& c, const std::string& text) {
    return c.submit("/index", "/index", {{"post", text}});
  }
  HttpResult start_export(HttpClient& c) { return c.submit("/user/susan", "/export_posts", {}); }

  int export_jobs() {
    auto conn = database().db().connect();
    int n = 0;
    conn.sql() << "SELECT COUNT(*) FROM job WHERE kind = 'posts.export'", soci::into(n);
    return n;
  }

  // Susan's posts as stored, oldest first.
  std::vector<db::PostRow> stored_posts() {
    const Id susan = server().app().accounts().find_by_username("susan")->id;
    auto conn = database().db().connect();
    auto rows = db::posts::list(
        conn.sql(), {db::posts::Scope::author, susan, db::posts::Direction::newer, 0, 100000, 0});
    std::reverse(rows.begin(), rows.end());
    return rows;
  }

  static bool shows_bar(const std::string& page) {
    return page.find("data-task-progress=") != std::string::npos;
  }
  static bool offers_export(const std::string& page) {
    return page.find("action=\"/export_posts\"") != std::string::npos;
  }

  SmtpSink sink_;
};

TEST_P(ExportTest, MailsEveryPostOfTheUserOldestFirstAsPostsJson) {
  auto susan = signed_in("susan");
  auto john = signed_in("john");
  ASSERT_EQ(post(susan, "the first one").status, 302);
  ASSERT_EQ(post(john, "not susan's").status, 302);
  ASSERT_EQ(post(susan, "caf\xc3\xa9 \"quoted\" <b>bold</b> \xf0\x9f\x98\x80").status, 302);
  ASSERT_EQ(post(susan, "the last one").status, 302);

  auto page = susan.get("/user/susan");
  EXPECT_TRUE(offers_export(page.body));
  EXPECT_FALSE(shows_bar(page.body));
  const auto res = start_export(susan);
  ASSERT_EQ(res.status, 302) << res.body;
  EXPECT_EQ(res.header("location"), "/user/susan");

  // Queued: every page shows the bar, and the profile no longer offers a second export.
  page = susan.get("/user/susan");
  EXPECT_TRUE(shows_bar(page.body)) << page.body;
  EXPECT_THAT(page.body, HasSubstr("Exporting posts..."));
  EXPECT_FALSE(offers_export(page.body));
  EXPECT_TRUE(shows_bar(susan.get("/explore").body));
  EXPECT_FALSE(shows_bar(john.get("/explore").body));

  EXPECT_EQ(run_jobs(), 1);
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_EQ(mail_header(mails[0], "Subject"), "[Microblog] Your blog posts");
  EXPECT_THAT(mail_header(mails[0], "To"), HasSubstr("susan@example.com"));
  EXPECT_THAT(mails[0], HasSubstr("filename=\"posts.json\""));
  EXPECT_THAT(mail_part(mails[0], "text/plain"), HasSubstr("3 posts"));

  const auto json = nlohmann::json::parse(mail_part(mails[0], "application/json"));
  const auto stored = stored_posts();
  ASSERT_EQ(stored.size(), 3U);
  ASSERT_EQ(json.at("posts").size(), stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(json["posts"][i]["body"], stored[i].body);
    EXPECT_EQ(json["posts"][i]["timestamp"], services::export_timestamp(stored[i].created_us));
  }
  EXPECT_EQ(json["posts"][0]["body"], "the first one");
  EXPECT_EQ(json["posts"][2]["body"], "the last one");

  // Done: the bar is gone and the button is back; the notification says 100.
  page = susan.get("/user/susan");
  EXPECT_FALSE(shows_bar(page.body));
  EXPECT_TRUE(offers_export(page.body));
  const auto notes = nlohmann::json::parse(
      susan.get("/notifications?since=0", {{"Accept", "application/json"}}).body);
  bool finished = false;
  for (const auto& n : notes) {
    if (n["name"] == "task_progress") {
      finished = n["data"]["progress"] == 100;
    }
  }
  EXPECT_TRUE(finished) << notes.dump();
}

TEST_P(ExportTest, OneExportAtATimePerUser) {
  auto susan = signed_in("susan");
  auto john = signed_in("john");
  ASSERT_EQ(post(susan, "hello").status, 302);
  ASSERT_EQ(start_export(susan).status, 302);
  // The form is gone from the page, but a second tab still has it.
  const auto again = susan.post_form("/export_posts", {{"csrf_token", susan.csrf()}});
  ASSERT_EQ(again.status, 302);
  EXPECT_THAT(susan.get("/user/susan").body, HasSubstr("An export task is currently in progress"));
  EXPECT_EQ(export_jobs(), 1);
  // Another user is not held up by it.
  ASSERT_EQ(john.submit("/user/john", "/export_posts", {}).status, 302);
  EXPECT_EQ(export_jobs(), 2);

  EXPECT_EQ(run_jobs(), 2);
  EXPECT_EQ(sink_.wait_for(2).size(), 2U);
  // Once it is over, a new one may start.
  ASSERT_EQ(start_export(susan).status, 302);
  EXPECT_EQ(export_jobs(), 3);
}

TEST_P(ExportTest, AnExportIsAFormPostOfTheSignedInUser) {
  auto susan = signed_in("susan");
  ASSERT_EQ(post(susan, "hello").status, 302);
  susan.get("/user/susan");
  // No CSRF token: refused, nothing queued.
  EXPECT_EQ(susan.post_form("/export_posts", {}).status, 403);
  // The original's GET would let any page start one with an image tag.
  EXPECT_EQ(susan.get("/export_posts").status, 405);
  auto anonymous = client();
  anonymous.get("/auth/login");
  const auto res = anonymous.post_form("/export_posts", {{"csrf_token", anonymous.csrf()}});
  EXPECT_EQ(res.status, 302);
  EXPECT_THAT(res.header("location"), HasSubstr("/auth/login"));
  EXPECT_EQ(export_jobs(), 0);
  // Only one's own profile offers it.
  EXPECT_FALSE(offers_export(susan.get("/user/john").body));
  EXPECT_TRUE(offers_export(susan.get("/user/susan").body));
}

TEST_P(ExportTest, AUserWithNoPostsGetsAnEmptyList) {
  auto susan = signed_in("susan");
  ASSERT_EQ(start_export(susan).status, 302);
  EXPECT_EQ(run_jobs(), 1);
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_EQ(mail_part(mails[0], "application/json"), "{\n    \"posts\": []\n}");
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

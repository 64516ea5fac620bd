#include <unistd.h>

#include <filesystem>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "http/http_fixture.hpp"
#include "support/mail_sink.hpp"
#include "support/metrics_text.hpp"
#include "support/raw_connection.hpp"
#include "util/base64.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "metrics-token-for-the-tests";

// The value of the series `series` (its name and labels exactly as written), or -1.
double value_of(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) {
    return -1;
  }
  return std::stod(text.substr(at + series.size() + 2));
}

class MetricsTest : public HttpTest {
 protected:
  void SetUp() override { start({{"METRICS_TOKEN", kToken}}); }

  HttpResult scrape() {
    return client().get("/metrics", {{"Authorization", std::string("Bearer ") + kToken}});
  }
};

TEST_P(MetricsTest, OnlyTheTokenReadsTheMetrics) {
  auto c = client();
  auto res = c.get("/metrics");
  EXPECT_EQ(res.status, 401);
  EXPECT_THAT(res.header("www-authenticate"), HasSubstr("Bearer"));
  EXPECT_THAT(res.body, Not(HasSubstr("process_")));
  res = c.get("/metrics", {{"Authorization", "Bearer not-the-metrics-token"}});
  EXPECT_EQ(res.status, 401);
  res = scrape();
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_GT(value_of(res.body, "process_resident_memory_bytes"), 1e6);
  EXPECT_GT(value_of(res.body, "process_open_fds"), 3);
  EXPECT_THAT(res.body, HasSubstr("microblog_build_info{version=\""));
}

TEST_P(MetricsTest, WithoutATokenConfiguredThereIsNoMetricsPage) {
  start({});
  EXPECT_EQ(client().get("/metrics").status, 404);
  EXPECT_EQ(client().get("/metrics", {{"Authorization", std::string("Bearer ") + kToken}}).status,
            404);
}

TEST_P(MetricsTest, RequestsAreCountedByRouteTemplateNeverByPath) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(c.get("/user/nobody").status, 404);
  ASSERT_EQ(c.get("/no/such/page").status, 404);
  const std::string text = scrape().body;
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"/user/<username>\","
                     "method=\"GET\",status=\"200\"}"),
            2);
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"/user/<username>\","
                     "method=\"GET\",status=\"404\"}"),
            1);
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"none\",method=\"GET\","
                     "status=\"404\"}"),
            1);
  EXPECT_EQ(value_of(text,
                     "microblog_http_request_duration_seconds_count{route=\"/user/"
                     "<username>\",method=\"GET\"}"),
            3);
  EXPECT_THAT(text, Not(HasSubstr("susan")));
  EXPECT_THAT(text, Not(HasSubstr("/no/such")));
  // The scrape itself is in flight while it is written.
  EXPECT_EQ(value_of(text, "microblog_http_requests_in_flight"), 1);
}

TEST_P(MetricsTest, FailedSignInsAndTheThrottleAreCounted) {
  start({{"METRICS_TOKEN", kToken}, {"LOGIN_FAILURES_PER_ACCOUNT", "2"}});
  register_user("susan", "susan@example.com");
  auto guesser = client();
  const auto attempt = [&] {
    return guesser
        .submit("/auth/login", "/auth/login", {{"username", "susan"}, {"password", "wrong guess"}})
        .status;
  };
  EXPECT_EQ(attempt(), 200);
  EXPECT_EQ(attempt(), 200);
  EXPECT_EQ(attempt(), 429);  // throttled: not checked, so not a failure
  // The API's Basic credentials are a sign-in too.
  EXPECT_EQ(client()
                .post_form("/api/tokens", {},
                           {{"Authorization", "Basic " + util::base64_encode("nobody:guess")}})
                .status,
            401);
  const std::string text = scrape().body;
  EXPECT_EQ(value_of(text, "microblog_signin_failures_total"), 3);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"login\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"messages\"}"), 0);
}

TEST_P(MetricsTest, EachRateLimitCountsItsRefusals) {
  start({{"METRICS_TOKEN", kToken},
         {"MESSAGES_PER_USER_PER_MINUTE", "1"},
         {"RESET_REQUESTS_PER_IP", "1"},
         {"API_REQUESTS_PER_IP_PER_MINUTE", "1"}});
  register_user("susan", "susan@example.com");
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  const auto send = [&] {
    return john.submit("/send_message/susan", "/send_message/susan", {{"message", "hi"}}).status;
  };
  EXPECT_EQ(send(), 302);
  send();  // refused, however the page says it
  auto anon = client();
  for (int i = 0; i < 2; ++i) {
    anon.submit("/auth/reset_password_request", "/auth/reset_password_request",
                {{"email", "susan@example.com"}});
  }
  EXPECT_EQ(client().get("/api/users").status, 401);
  EXPECT_EQ(client().get("/api/users").status, 429);
  const std::string text = scrape().body;
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"messages\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"password_reset\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"api_ip\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"api_token\"}"), 0);
  EXPECT_EQ(value_of(text, "microblog_rate_limited_total{limit=\"posts\"}"), 0);
}

TEST_P(MetricsTest, PostListPagesCountHitsAndMissesByList) {
  register_user("susan", "susan@example.com");
  register_user("john", "john@example.com");
  ASSERT_EQ(signed_in("susan").submit("/index", "/index", {{"post", "hello"}}).status, 302);
  // John has no home page kept yet; nothing changes the site's posts from here on.
  auto c = signed_in("john");
  const auto counts = [&](const std::string& list) {
    const std::string text = scrape().body;
    return std::pair{
        value_of(text, "microblog_post_list_cache_hits_total{list=\"" + list + "\"}"),
        value_of(text, "microblog_post_list_cache_misses_total{list=\"" + list + "\"}")};
  };
  const auto home_before = counts("home");
  ASSERT_EQ(c.get("/index").status, 200);  // read
  ASSERT_EQ(c.get("/index").status, 200);  // kept
  const auto home_after = counts("home");
  EXPECT_EQ(home_after.first - home_before.first, 1);
  EXPECT_EQ(home_after.second - home_before.second, 1);
  const auto explore_before = counts("explore");
  ASSERT_EQ(c.get("/explore").status, 200);
  ASSERT_EQ(c.get("/explore").status, 200);
  const auto explore_after = counts("explore");
  EXPECT_EQ(explore_after.first - explore_before.first, 1);
  EXPECT_EQ(explore_after.second - explore_before.second, 1);
  const auto user_before = counts("user");
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(c.get("/user/susan").status, 200);
  const auto user_after = counts("user");
  EXPECT_EQ(user_after.first - user_before.first, 1);
  EXPECT_EQ(user_after.second - user_before.second, 1);
}

TEST_P(MetricsTest, DatabasePoolAndJobQueueShowOnThePage) {
  register_user("susan", "susan@example.com");
  const std::string text = scrape().body;
  EXPECT_EQ(value_of(text, "microblog_db_pool_size"), 6);  // DB_POOL_SIZE of the tests
  // Read one after the other while the site runs: each is within the pool (the database test
  // checks them exactly).
  for (const char* state : {"in_use", "idle"}) {
    const double n =
        value_of(text, std::string("microblog_db_pool_connections{state=\"") + state + "\"}");
    EXPECT_GE(n, 0) << state;
    EXPECT_LE(n, 6) << state;
  }
  EXPECT_GT(value_of(text, "microblog_db_query_duration_seconds_count"), 0);
  EXPECT_GT(value_of(text, "microblog_db_pool_wait_seconds_count"), 0);
  EXPECT_GE(value_of(text, "microblog_db_pool_waits_total"), 0);
  EXPECT_EQ(value_of(text, "microblog_jobs{state=\"queued\"}"), 0);
  EXPECT_EQ(value_of(text, "microblog_jobs{state=\"dead\"}"), 0);
}

TEST_P(MetricsTest, MailsSentAndFailedAreCountedByTransport) {
  const auto outbox = std::filesystem::temp_directory_path() /
                      ("mbmetrics-" + std::to_string(::getpid()) + "-" + GetParam());
  start({{"METRICS_TOKEN", kToken}, {"MAIL_OUTBOX_DIR", outbox.string()}});
  register_user("susan", "susan@example.com");
  auto c = client();
  c.submit("/auth/reset_password_request", "/auth/reset_password_request",
           {{"email", "susan@example.com"}});
  EXPECT_EQ(server().app().jobs().run_until_idle(), 1);
  std::filesystem::remove_all(outbox);
  std::string text = scrape().body;
  EXPECT_EQ(value_of(text, "microblog_mail_sent_total{transport=\"outbox\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_mail_failed_total{transport=\"outbox\"}"), 0);
  EXPECT_EQ(value_of(text, "microblog_jobs_completed_total{kind=\"mail.send\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_jobs{state=\"done\"}"), 1);

  // Nobody listens on this port: the send fails and the job is to be retried.
  start({{"METRICS_TOKEN", kToken},
         {"MAIL_SERVER", "127.0.0.1"},
         {"MAIL_PORT", std::to_string(free_port())}});
  c = client();
  c.submit("/auth/reset_password_request", "/auth/reset_password_request",
           {{"email", "susan@example.com"}});
  EXPECT_EQ(server().app().jobs().run_until_idle(), 1);
  text = scrape().body;
  EXPECT_EQ(value_of(text, "microblog_mail_failed_total{transport=\"smtp\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_mail_sent_total{transport=\"smtp\"}"), 0);
  EXPECT_EQ(value_of(text, "microblog_job_retries_total{kind=\"mail.send\"}"), 1);
  EXPECT_EQ(value_of(text, "microblog_jobs{state=\"queued\"}"), 1);
}

TEST_P(MetricsTest, OpenConnectionsAreCounted) {
  RawConnection a(server().port());
  RawConnection b(server().port());
  // Answered on each, so that both are surely accepted before the scrape.
  for (RawConnection* conn : {&a, &b}) {
    ASSERT_TRUE(conn->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(conn->read_response().outcome, RawConnection::Outcome::response);
  }
  // Theirs and the scrape's own.
  EXPECT_GE(value_of(scrape().body, "microblog_http_connections_open"), 3);
}

TEST_P(MetricsTest, AccessLinesCarryTheSignedInUserId) {
  auto capture = std::make_shared<LogCapture>();
  start({{"METRICS_TOKEN", kToken}}, capture);
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(client().get("/explore").status, 302);  // signed out: to the sign-in page
  Id susan = 0;
  {
    auto conn = database().db().connect();
    conn.sql() << "SELECT id FROM user WHERE username = 'susan'", soci::into(susan);
  }
  int signed_in_lines = 0;
  int anonymous_lines = 0;
  for (const auto& line : capture->lines()) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || j.value("msg", "") != "request") {
      continue;
    }
    ASSERT_TRUE(j.contains("user_id")) << line;
    if (j.value("path", "") == "/user/susan") {
      EXPECT_EQ(j["user_id"], susan) << line;
      ++signed_in_lines;
    } else if (j.value("path", "") == "/explore") {
      EXPECT_TRUE(j["user_id"].is_null()) << line;
      ++anonymous_lines;
    } else if (j.value("path", "") == "/auth/login" && j.value("method", "") == "POST") {
      EXPECT_EQ(j["user_id"], susan) << "the sign-in names who signed in: " << line;
    }
  }
  EXPECT_EQ(signed_in_lines, 1);
  EXPECT_EQ(anonymous_lines, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

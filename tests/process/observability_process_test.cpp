// The real server's access log and metrics listener: a session that registers, signs in, resets
// its password through the mailed link and uses an API token leaves no secret in the output,
// and its access lines name the user; METRICS_LISTEN answers /metrics without a token while the
// main address keeps the token rule.
#include <signal.h>

#include <chrono>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/json_log_lines.hpp"
#include "support/mail_sink.hpp"
#include "support/metrics_text.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"
#include "util/base64.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMetricsToken = "metrics-token-for-the-process-test";

class ObservabilityProcess : public ::testing::TestWithParam<std::string> {};

// The access lines of `method` on `path` with `status`.
std::vector<nlohmann::json> lines_of(const std::vector<nlohmann::json>& lines,
                                     const std::string& method, const std::string& path,
                                     int status) {
  std::vector<nlohmann::json> found;
  for (const auto& j : lines) {
    if (j.value("method", "") == method && j.value("path", "") == path &&
        j.value("status", 0) == status) {
      found.push_back(j);
    }
  }
  return found;
}

TEST_P(ObservabilityProcess, NoSecretReachesTheLogAndAccessLinesNameTheUser) {
  TestDatabase database(GetParam());
  SmtpSink sink;
  sink.start();
  auto env = test_environment(database.url());
  env["LOG_FORMAT"] = "json";
  env["LOG_LEVEL"] = "info";
  env["MAIL_SERVER"] = "127.0.0.1";
  env["MAIL_PORT"] = std::to_string(sink.port());
  env["BASE_URL"] = "http://microblog.test:8080";
  env["METRICS_TOKEN"] = kMetricsToken;
  env["METRICS_LISTEN"] = "127.0.0.1:0";
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  const std::string metrics_line = server.wait_for_line("serving metrics on 127.0.0.1:");
  ASSERT_FALSE(metrics_line.empty()) << server.stderr_text();
  const std::string listening = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(listening.empty()) << server.stderr_text();
  const unsigned short port = port_of(listening);
  const unsigned short metrics_port = port_of(metrics_line);
  ASSERT_NE(port, metrics_port);

  const std::string first_password = "first secret passphrase";
  const std::string second_password = "second secret passphrase";
  std::vector<std::string> secrets = {first_password, second_password};

  HttpClient susan(port);
  ASSERT_EQ(susan
                .submit("/auth/register", "/auth/register",
                        {{"username", "susan"},
                         {"email", "susan@example.com"},
                         {"password", first_password},
                         {"password2", first_password}})
                .status,
            302);
  secrets.push_back(susan.csrf());
  ASSERT_EQ(susan
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", first_password}})
                .status,
            302);
  secrets.push_back(*susan.cookie("session"));
  ASSERT_EQ(susan.get("/index").status, 200);
  secrets.push_back(susan.csrf());  // the signed-in session's

  HttpClient resetter(port);
  ASSERT_EQ(resetter
                .submit("/auth/reset_password_request", "/auth/reset_password_request",
                        {{"email", "susan@example.com"}})
                .status,
            302);
  secrets.push_back(resetter.csrf());
  const auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  std::smatch m;
  const std::string text = mail_part(mails[0], "text/plain");
  ASSERT_TRUE(std::regex_search(
      text, m, std::regex(R"(http://microblog\.test:8080(/auth/reset_password/([A-Za-z0-9_-]+)))")))
      << text;
  const std::string link = m[1];
  secrets.push_back(m[2]);  // the reset token
  ASSERT_EQ(resetter.get(link).status, 302);
  ASSERT_EQ(resetter
                .submit("/auth/reset_password", "/auth/reset_password",
                        {{"password", second_password}, {"password2", second_password}})
                .status,
            302);
  secrets.push_back(*resetter.cookie("session"));

  const std::string basic = util::base64_encode("susan:" + second_password);
  secrets.push_back(basic);
  HttpClient api(port);
  const auto issued = api.request("POST", "/api/tokens", "", {{"Authorization", "Basic " + basic}});
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string token = nlohmann::json::parse(issued.body).value("token", "");
  ASSERT_FALSE(token.empty());
  secrets.push_back(token);
  auto conn = database.db().connect();
  Id susan_id = 0;
  conn.sql() << "SELECT id FROM user WHERE username = 'susan'", soci::into(susan_id);
  const std::string self = "/api/users/" + std::to_string(susan_id);
  ASSERT_EQ(api.get(self, {{"Authorization", "Bearer " + token}}).status, 200);

  // The main address keeps the token rule; the metrics listener needs none, and has nothing
  // else.
  EXPECT_EQ(HttpClient(port).get("/metrics").status, 401);
  // The reset mail and the notice that the password changed. The sink has a message a moment
  // before the server hears it was taken and counts it: the page is read until it shows both,
  // or the deadline passes.
  ASSERT_EQ(sink.wait_for(2).size(), 2U);
  HttpClient monitoring(metrics_port);
  HttpResult page;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    page = monitoring.get("/metrics");
    ASSERT_EQ(page.status, 200);
  } while (metric_value(page.body, "microblog_mail_sent_total{transport=\"smtp\"}") < 2 &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_THAT(page.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_EQ(metric_value(page.body, "microblog_mail_sent_total{transport=\"smtp\"}"), 2);
  EXPECT_EQ(metric_value(page.body, "microblog_mail_failed_total{transport=\"smtp\"}"), 0);
  EXPECT_GE(metric_value(page.body, "microblog_http_connections_open"), 0);
  EXPECT_EQ(monitoring.get("/").status, 404);
  EXPECT_EQ(monitoring.get("/auth/login").status, 404);
  EXPECT_EQ(monitoring.get("/metrics/x").status, 404);
  EXPECT_EQ(monitoring.request("POST", "/metrics", "", {}).status, 405);

  server.signal(SIGTERM);
  ASSERT_EQ(server.wait(), 0) << server.stderr_text();
  const std::string out = server.stdout_text();
  for (const auto& secret : secrets) {
    ASSERT_FALSE(secret.empty());
    EXPECT_THAT(out, Not(HasSubstr(secret))) << "the log holds a secret";
  }
  EXPECT_THAT(server.stderr_text(), Not(HasSubstr(token)));

  const auto lines = json_log_lines(out, "request");
  ASSERT_FALSE(lines.empty()) << out;
  const auto expect_user = [&](const std::string& method, const std::string& path, int status,
                               bool named) {
    const auto found = lines_of(lines, method, path, status);
    ASSERT_EQ(found.size(), 1U) << method << " " << path << " " << status << " in\n" << out;
    const auto& j = found.front();
    ASSERT_TRUE(j.contains("user_id")) << j;
    if (named) {
      EXPECT_EQ(j["user_id"], susan_id) << j;
    } else {
      EXPECT_TRUE(j["user_id"].is_null()) << j;
    }
    for (const char* field : {"time", "level", "request_id", "route", "status", "duration_ms"}) {
      EXPECT_TRUE(j.contains(field)) << field << " missing in " << j;
    }
  };
  expect_user("POST", "/auth/register", 302, false);
  expect_user("POST", "/auth/login", 302, true);
  expect_user("GET", "/index", 200, true);
  expect_user("POST", "/auth/reset_password_request", 302, false);
  expect_user("GET", "/auth/reset_password/<token>", 302, false);
  expect_user("POST", "/api/tokens", 200, true);
  expect_user("GET", self, 200, true);
}

TEST_P(ObservabilityProcess, WithoutATokenTheMainAddressHasNoMetricsPage) {
  TestDatabase database(GetParam());
  auto env = test_environment(database.url());
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  const std::string listening = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(listening.empty()) << server.stderr_text();
  EXPECT_EQ(HttpClient(port_of(listening)).get("/metrics").status, 404);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.stderr_text();
  EXPECT_THAT(server.stdout_text(), Not(HasSubstr("serving metrics on")));
}

TEST_P(ObservabilityProcess, AMetricsAddressThatIsNoAddressIsAConfigurationError) {
  TestDatabase database(GetParam());
  auto env = test_environment(database.url());
  env["METRICS_LISTEN"] = "nowhere";
  std::string out;
  std::string err;
  EXPECT_EQ(run_to_end({"serve", "--listen", "127.0.0.1:0"}, env, &out, &err), 2) << err;
  EXPECT_THAT(err, HasSubstr("configuration error"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ObservabilityProcess, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

// Security events in the log of the real server: one JSON line each, with the account's id and
// the client's address; no password or session id anywhere in the output, and no reset token in
// a security line.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/json_log_lines.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SecurityLogProcess : public ::testing::TestWithParam<std::string> {};

const nlohmann::json* find_event(const std::vector<nlohmann::json>& lines, const std::string& event,
                                 std::size_t nth = 0) {
  for (const auto& j : lines) {
    if (j.value("event", "") == event && nth-- == 0) {
      return &j;
    }
  }
  return nullptr;
}

TEST_P(SecurityLogProcess, EventsAreLoggedWithIdAndAddressAndNoSecrets) {
  TestDatabase database(GetParam());
  const auto outbox = std::filesystem::temp_directory_path() /
                      ("mbseclog-" + std::to_string(::getpid()) + "-" + GetParam());
  auto env = test_environment(database.url());
  env["LOG_FORMAT"] = "json";
  env["LOG_LEVEL"] = "info";
  env["LOGIN_FAILURES_PER_ACCOUNT"] = "2";
  env["REGISTRATIONS_PER_IP"] = "1";
  env["WORKERS_IN_SERVE"] = "false";  // the reset mail stays in its job, link and all
  env["MAIL_OUTBOX_DIR"] = outbox.string();
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  const std::string listening = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(listening.empty()) << server.stderr_text();
  const auto port =
      static_cast<unsigned short>(std::stoi(listening.substr(listening.rfind(':') + 1)));

  const std::string first_password = "correct horse battery";
  const std::string second_password = "second secret passphrase";
  const std::string third_password = "third secret passphrase";
  const std::string wrong_password = "wrong guess 12345";
  std::vector<std::string> secrets = {first_password, second_password, third_password,
                                      wrong_password};
  const auto registration = [](const std::string& name, const std::string& password) {
    return std::vector<std::pair<std::string, std::string>>{{"username", name},
                                                            {"email", name + "@example.com"},
                                                            {"password", password},
                                                            {"password2", password}};
  };

  HttpClient c(port);
  ASSERT_EQ(
      c.submit("/auth/register", "/auth/register", registration("susan", first_password)).status,
      302);
  EXPECT_EQ(
      c.submit("/auth/register", "/auth/register", registration("mallory", first_password)).status,
      429);

  HttpClient susan(port);
  ASSERT_EQ(susan
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", first_password}})
                .status,
            302);
  secrets.push_back(*susan.cookie("session"));
  ASSERT_EQ(susan
                .submit("/auth/change_password", "/auth/change_password",
                        {{"current_password", first_password},
                         {"password", second_password},
                         {"password2", second_password}})
                .status,
            302);

  HttpClient guesser(port);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(guesser
                  .submit("/auth/login", "/auth/login",
                          {{"username", "susan"}, {"password", wrong_password}})
                  .status,
              200);
  }
  EXPECT_EQ(guesser
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", wrong_password}})
                .status,
            429);

  HttpClient resetter(port);
  EXPECT_EQ(resetter
                .submit("/auth/reset_password_request", "/auth/reset_password_request",
                        {{"email", "susan@example.com"}})
                .status,
            302);
  std::string link;
  {
    auto conn = database.db().connect();
    std::string payload;
    conn.sql() << "SELECT payload_json FROM job", soci::into(payload);
    std::smatch m;
    ASSERT_TRUE(
        std::regex_search(payload, m, std::regex(R"((/auth/reset_password/[A-Za-z0-9_-]{43}))")));
    link = m[1];
  }
  const std::string token = link.substr(link.rfind('/') + 1);
  // The link trades its token for a ticket in the session; the form is posted without it.
  EXPECT_EQ(resetter.get(link).status, 302);
  EXPECT_EQ(resetter
                .submit("/auth/reset_password", "/auth/reset_password",
                        {{"password", third_password}, {"password2", third_password}})
                .status,
            302);

  server.signal(SIGTERM);
  ASSERT_EQ(server.wait(), 0) << server.stderr_text();
  std::filesystem::remove_all(outbox);
  const std::string out = server.stdout_text();
  const auto lines = json_log_lines(out, "security");

  Id susan_id = 0;
  {
    auto conn = database.db().connect();
    conn.sql() << "SELECT id FROM user WHERE username = 'susan'", soci::into(susan_id);
  }
  const auto expect_event = [&](const std::string& event, bool with_user, std::size_t nth = 0) {
    const auto* j = find_event(lines, event, nth);
    ASSERT_NE(j, nullptr) << "no " << event << " line in\n" << out;
    EXPECT_EQ(j->value("ip", ""), "127.0.0.1") << *j;
    if (with_user) {
      EXPECT_EQ(j->value("user_id", Id{0}), susan_id) << *j;
    }
    EXPECT_TRUE(j->contains("time") && j->contains("level")) << *j;
  };
  expect_event("registration_limited", false);
  expect_event("password_changed", true);
  expect_event("login_failed", true, 0);
  expect_event("login_failed", true, 1);
  expect_event("login_throttled", true);
  if (const auto* throttled = find_event(lines, "login_throttled")) {
    EXPECT_GT(throttled->value("retry_after", 0), 0);
  }
  expect_event("password_reset_requested", true);
  expect_event("password_reset", true);
  for (const auto& secret : secrets) {
    EXPECT_THAT(out, Not(HasSubstr(secret))) << "the log holds a password or a session id";
  }
  for (const auto& j : lines) {
    EXPECT_THAT(j.dump(), Not(HasSubstr(token))) << "a security line holds the reset token";
  }
  EXPECT_THAT(out, Not(HasSubstr("mallory")));  // a refused registration names no one
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityLogProcess, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

#include <filesystem>

#include <gmock/gmock.h>

#include "http/http_fixture.hpp"
#include "support/mail_sink.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ErrorReportTest : public HttpTest {
 protected:
  void SetUp() override {
    sink_.start();
    hold_dir_ = std::filesystem::temp_directory_path() /
                ("mbfail-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::create_directories(hold_dir_);
    start({{"MAIL_SERVER", "127.0.0.1"},
           {"MAIL_PORT", std::to_string(sink_.port())},
           {"ADMINS", "ops@microblog.test, oncall@microblog.test"},
           {"MICROBLOG_TEST_HOLD_DIR", hold_dir_.string()}});
  }
  void TearDown() override { std::filesystem::remove_all(hold_dir_); }

  int run_jobs() { return server().app().jobs().run_until_idle(); }

  SmtpSink sink_;
  std::filesystem::path hold_dir_;
};

TEST_P(ErrorReportTest, AFailureIsMailedToAdminsOnceInTenMinutes) {
  auto c = client();
  const auto first = c.get("/_test/fail?password=hunter2",
                           {{"Cookie", "session=secret-cookie-value"}, {"Accept", "text/html"}});
  EXPECT_EQ(first.status, 500);
  const std::string request_id = first.header("x-request-id");
  ASSERT_FALSE(request_id.empty());
  EXPECT_THAT(first.body, HasSubstr(request_id));

  EXPECT_EQ(run_jobs(), 1);
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  const std::string& mail = mails[0];
  EXPECT_THAT(mail_header(mail, "Subject"), HasSubstr("[Microblog] Failure: GET /_test/fail"));
  EXPECT_THAT(mail_header(mail, "To"), HasSubstr("ops@microblog.test"));
  EXPECT_THAT(mail_header(mail, "To"), HasSubstr("oncall@microblog.test"));
  const std::string text = mail_part(mail, "text/plain");
  EXPECT_THAT(text, HasSubstr(request_id));
  EXPECT_THAT(text, HasSubstr("GET"));
  EXPECT_THAT(text, HasSubstr("/_test/fail"));
  EXPECT_THAT(text, HasSubstr("deliberate failure for the tests"));
  // No query string, cookies or secrets.
  EXPECT_THAT(mail, Not(HasSubstr("hunter2")));
  EXPECT_THAT(mail, Not(HasSubstr("secret-cookie-value")));

  // The same failure again within ten minutes: answered the same, not mailed.
  const auto second = c.get("/_test/fail", {{"Accept", "text/html"}});
  EXPECT_EQ(second.status, 500);
  EXPECT_NE(second.header("x-request-id"), request_id);
  EXPECT_EQ(run_jobs(), 0);
  EXPECT_EQ(sink_.messages().size(), 1U);
}

TEST_P(ErrorReportTest, SecondInstanceSharesTheCount) {
  auto c = client();
  EXPECT_EQ(c.get("/_test/fail").status, 500);
  // Another instance on the same database (a second Application and server).
  TestServer other(test_config([&] {
    auto env = test_environment(database().url());
    env["MAIL_SERVER"] = "127.0.0.1";
    env["MAIL_PORT"] = std::to_string(sink_.port());
    env["ADMINS"] = "ops@microblog.test";
    env["MICROBLOG_TEST_HOLD_DIR"] = hold_dir_.string();
    return env;
  }()));
  HttpClient c2(other.port());
  EXPECT_EQ(c2.get("/_test/fail").status, 500);
  EXPECT_EQ(run_jobs() + other.app().jobs().run_until_idle(), 1);
  EXPECT_EQ(sink_.wait_for(1).size(), 1U);
}

TEST_P(ErrorReportTest, TheFailRouteDoesNotExistWithoutTheTestFlag) {
  start({});
  EXPECT_EQ(client().get("/_test/fail").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ErrorReportTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

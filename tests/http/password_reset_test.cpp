#include <algorithm>
#include <regex>

#include <gmock/gmock.h>

#include "db/job_repository.hpp"
#include "db/user_repository.hpp"
#include "http/http_fixture.hpp"
#include "support/mail_sink.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The server mails through a real SMTP server (aiosmtpd) on loopback. Jobs are not run by
// worker threads here: each test runs them with run_until_idle(), so nothing is waited for
// by sleeping.
class PasswordResetTest : public HttpTest {
 protected:
  // Where a reset link leads: the form, whose address never holds the token.
  static constexpr const char* kForm = "/auth/reset_password";

  void SetUp() override {
    sink_.start();
    start(mail_env());
  }

  std::map<std::string, std::string> mail_env() {
    return {{"MAIL_SERVER", "127.0.0.1"},
            {"MAIL_PORT", std::to_string(sink_.port())},
            {"ADMINS", "admin@microblog.test"},
            {"BASE_URL", "http://microblog.test:8080"},
            {"JOB_LEASE_SECONDS", "10"}};
  }

  int run_jobs(util::Micros at = util::now_micros()) {
    return server().app().jobs().run_until_idle(at);
  }

  HttpResult request_reset(HttpClient& c, const std::string& email) {
    return c.submit("/auth/reset_password_request", "/auth/reset_password_request",
                    {{"email", email}});
  }

  // The reset link of a received mail, from its text part.
  static std::string link_in(const std::string& message) {
    const std::string text = mail_part(message, "text/plain");
    std::smatch m;
    if (!std::regex_search(
            text, m,
            std::regex(R"(http://microblog\.test:8080(/auth/reset_password/[A-Za-z0-9_-]+))"))) {
      ADD_FAILURE() << "no link in " << text;
      return {};
    }
    return m[1];
  }

  int count_jobs(const std::string& where = "1 = 1") {
    auto conn = database().db().connect();
    int n = 0;
    conn.sql() << "SELECT COUNT(*) FROM job WHERE " + where, soci::into(n);
    return n;
  }

  SmtpSink sink_;
};

TEST_P(PasswordResetTest, LoginPageOffersTheResetLink) {
  auto c = client();
  EXPECT_THAT(c.get("/auth/login").body, HasSubstr("href=\"/auth/reset_password_request\""));
}

TEST_P(PasswordResetTest, MailArrivesWithBothPartsAndTheLinkWorksOnce) {
  register_user("susan", "susan@example.com", "old password 1");
  auto elsewhere = signed_in("susan", "old password 1");
  auto c = client();
  const auto res = request_reset(c, "Susan@Example.com");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/auth/login");
  EXPECT_THAT(c.get("/auth/login").body, HasSubstr("Check your email for the instructions"));

  // Nothing is stored in clear: the table holds a SHA-256, the job's payload the mail.
  EXPECT_EQ(run_jobs(), 1);
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  const std::string& mail = mails[0];
  EXPECT_EQ(mail_header(mail, "Subject"), "[Microblog] Reset Your Password");
  EXPECT_EQ(mail_header(mail, "From"), "Microblog <admin@microblog.test>");
  EXPECT_EQ(mail_header(mail, "To"), "susan <susan@example.com>");
  EXPECT_THAT(
      mail_header(mail, "Date"),
      ::testing::MatchesRegex(
          R"([A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000)"));
  EXPECT_THAT(mail_header(mail, "Message-ID"),
              ::testing::MatchesRegex(R"(<job-[0-9]+\.[0-9]+@microblog\.test>)"));
  EXPECT_EQ(mail_header(mail, "MIME-Version"), "1.0");
  EXPECT_THAT(mail_header(mail, "Content-Type"), HasSubstr("multipart/alternative"));
  EXPECT_THAT(mail_part(mail, "text/html"),
              HasSubstr("<a href=\"http://microblog.test:8080/auth/reset_password/"));
  const std::string link = link_in(mail);
  ASSERT_FALSE(link.empty());
  {
    // The token is stored only hashed, and the finished job no longer holds the link.
    auto conn = database().db().connect();
    int clear = 0;
    const std::string token = link.substr(link.rfind('/') + 1);
    conn.sql() << "SELECT COUNT(*) FROM password_reset WHERE token_hash = :t", soci::use(token),
        soci::into(clear);
    EXPECT_EQ(clear, 0);
    int leaks = 0;
    const std::string like = "%" + token + "%";
    conn.sql() << "SELECT COUNT(*) FROM job WHERE payload_json LIKE :t", soci::use(like),
        soci::into(leaks);
    EXPECT_EQ(leaks, 0);
  }

  // The link sends on to a form whose address has no token.
  const auto opened = c.get(link);
  EXPECT_EQ(opened.status, 302);
  EXPECT_EQ(opened.header("location"), kForm);
  auto form = c.get(kForm);
  EXPECT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("name=\"password2\""));
  EXPECT_THAT(form.body, HasSubstr("action=\"/auth/reset_password\""));
  // Mismatched passwords: the form again, the token still good.
  auto mismatch = c.submit(kForm, kForm, {{"password", "new password 2"}, {"password2", "nope"}});
  EXPECT_EQ(mismatch.status, 200);
  EXPECT_THAT(mismatch.body, HasSubstr("The passwords do not match."));
  auto done =
      c.submit(kForm, kForm, {{"password", "new password 2"}, {"password2", "new password 2"}});
  EXPECT_EQ(done.status, 302);
  EXPECT_EQ(done.header("location"), "/auth/login");

  // Every session of the user ended; the new password works, the old one does not.
  EXPECT_EQ(elsewhere.get("/index").status, 302);
  auto fresh = client();
  EXPECT_EQ(fresh
                .submit("/auth/login", "/auth/login",
                        {{"username", "susan"}, {"password", "old password 1"}})
                .status,
            200);
  signed_in("susan", "new password 2");

  // Only once.
  const auto again = c.get(link);
  EXPECT_EQ(again.status, 410);
  EXPECT_THAT(again.body, HasSubstr("already used"));
  EXPECT_THAT(again.body, HasSubstr("href=\"/auth/reset_password_request\""));
  // And the form, with the link used up, has nothing to work with.
  EXPECT_EQ(
      c.submit(kForm, kForm, {{"password", "third password"}, {"password2", "third password"}})
          .status,
      400);

  // And a notice that the password changed.
  EXPECT_EQ(run_jobs(), 1);
  const auto both = sink_.wait_for(2);
  ASSERT_EQ(both.size(), 2U);
  EXPECT_EQ(mail_header(both[1], "Subject"), "[Microblog] Your password was changed");
  EXPECT_THAT(mail_part(both[1], "text/plain"), HasSubstr("signed out"));
}

TEST_P(PasswordResetTest, UnknownAddressGetsTheSameAnswerAndNoMail) {
  register_user("susan", "susan@example.com");
  auto c = client();
  const auto known = request_reset(c, "susan@example.com");
  const auto unknown = request_reset(c, "nobody@example.com");
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.header("location"), unknown.header("location"));
  EXPECT_EQ(count_jobs(), 1);
}

// An account from before registration and the mailer agreed on addresses (put in the table
// directly here): its reset mail cannot be composed. The answer must be the one any address
// gets, not a 500 that tells the requester the account exists, and the counts must stay.
TEST_P(PasswordResetTest, AnAddressTheMailerRefusesIsAnsweredLikeAnyOther) {
  const std::string awkward = "jos\xC3\xA9(old)@example.com";
  {
    auto conn = database().db().connect();
    db::users::insert(conn.sql(), {"jose", awkward, "$argon2id$not-a-real-hash", "", 1});
  }
  auto c = client();
  const auto unknown = request_reset(c, "nobody@example.com");
  const auto refused = request_reset(c, awkward);
  EXPECT_EQ(refused.status, 302) << refused.body;
  EXPECT_EQ(refused.status, unknown.status);
  EXPECT_EQ(refused.header("location"), unknown.header("location"));
  EXPECT_THAT(c.get("/auth/login").body, HasSubstr("Check your email for the instructions"));
  EXPECT_EQ(count_jobs(), 0);
  auto conn = database().db().connect();
  int tokens = 1;
  conn.sql() << "SELECT COUNT(*) FROM password_reset", soci::into(tokens);
  EXPECT_EQ(tokens, 0);
  // The request was counted: the limits hold for such an address too.
  int counted = 0;
  conn.sql() << "SELECT COUNT(*) FROM throttle WHERE throttle_key LIKE 'reset:address:%'",
      soci::into(counted);
  EXPECT_EQ(counted, 2);
}

TEST_P(PasswordResetTest, ExpiredLinkShowsAClearPage) {
  register_user("susan", "susan@example.com");
  auto c = client();
  request_reset(c, "susan@example.com");
  run_jobs();
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  const std::string link = link_in(mails[0]);
  // Opened while good; it expires while the form is open.
  ASSERT_EQ(c.get(link).status, 302);
  ASSERT_EQ(c.get(kForm).status, 200);
  const std::string token = c.csrf();
  {
    auto conn = database().db().connect();
    conn.sql() << "UPDATE password_reset SET expires_us = 1";
  }
  const auto sent = c.post_form(
      kForm,
      {{"password", "new password 2"}, {"password2", "new password 2"}, {"csrf_token", token}});
  EXPECT_EQ(sent.status, 410);
  EXPECT_THAT(sent.body, HasSubstr("This link has expired"));
  const auto res = c.get(link);
  EXPECT_EQ(res.status, 410);
  EXPECT_THAT(res.body, HasSubstr("This link has expired"));
  EXPECT_THAT(res.body, HasSubstr("href=\"/auth/reset_password_request\""));
  EXPECT_EQ(c.get("/auth/reset_password/not-a-token").status, 400);
  // The form without a link opened first is a link that does not work.
  EXPECT_EQ(client().get(kForm).status, 400);
}

// The token is the key to an account for an hour: it must reach the user's mail and nowhere
// else. Followed through a whole reset, a link with extra bits (no route), one with a wrong
// method, and two failures (error mails to ADMINS), with every log line kept.
TEST_P(PasswordResetTest, TheTokenIsInNoLogLineAndInNoMailButTheUsers) {
  auto logs = std::make_shared<LogCapture>();
  start(mail_env(), logs);
  register_user("susan", "susan@example.com", "old password 1");
  auto c = client();
  ASSERT_EQ(request_reset(c, "susan@example.com").status, 302);
  ASSERT_EQ(run_jobs(), 1);
  ASSERT_EQ(sink_.wait_for(1).size(), 1U);
  const std::string link = link_in(sink_.messages()[0]);
  ASSERT_FALSE(link.empty());
  const std::string token = link.substr(link.rfind('/') + 1);
  ASSERT_EQ(token.size(), 43U);

  ASSERT_EQ(c.get(link).status, 302);
  const auto form = c.get(kForm);
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, Not(HasSubstr(token)));
  ASSERT_EQ(
      c.submit(kForm, kForm, {{"password", "new password 2"}, {"password2", "new password 2"}})
          .status,
      302);
  EXPECT_EQ(c.get(link).status, 410);
  EXPECT_EQ(c.get(link + "/more").status, 404);
  EXPECT_EQ(c.request("PUT", link, "", {}).status, 405);

  // Two failures: one on the link's route, one on a path no route matches.
  {
    auto conn = database().db().connect();
    conn.sql() << "ALTER TABLE password_reset RENAME TO password_reset_away";
  }
  EXPECT_EQ(c.get(link).status, 500);
  {
    auto conn = database().db().connect();
    conn.sql() << "ALTER TABLE session RENAME TO session_away";
  }
  ASSERT_TRUE(c.cookie("session").has_value());  // so that the 404 page reads the session table
  EXPECT_EQ(c.get(link + "/more").status, 500);
  {
    auto conn = database().db().connect();
    conn.sql() << "ALTER TABLE session_away RENAME TO session";
    conn.sql() << "ALTER TABLE password_reset_away RENAME TO password_reset";
  }
  run_jobs();
  // The reset mail, the notice of the change, two error reports.
  const auto mails = sink_.wait_for(4);
  ASSERT_EQ(mails.size(), 4U);
  std::string reports;
  for (std::size_t i = 1; i < mails.size(); ++i) {
    SCOPED_TRACE(mail_header(mails[i], "Subject"));
    EXPECT_THAT(mails[i], Not(HasSubstr(token)));
    EXPECT_THAT(mail_part(mails[i], "text/plain"), Not(HasSubstr(token)));
    EXPECT_THAT(mail_part(mails[i], "text/html"), Not(HasSubstr(token)));
    reports += mail_part(mails[i], "text/plain");
  }
  // The reports name where it failed, without the token.
  EXPECT_THAT(reports, HasSubstr("Route:      /auth/reset_password/<token>"));
  EXPECT_THAT(reports, HasSubstr("Route:      /auth/reset_password/<redacted>/more"));

  const auto lines = logs->lines();
  for (const auto& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(token)));
  }
  // The lines are there, with what an operator needs instead of the token.
  const auto logged = [&lines](const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&text](const std::string& l) { return l.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(logged(
      R"("path":"/auth/reset_password/<token>","route":"/auth/reset_password/<token>","status":302)"));
  EXPECT_TRUE(
      logged(R"("path":"/auth/reset_password","route":"/auth/reset_password","status":200)"));
  EXPECT_TRUE(logged(R"("path":"/auth/reset_password/<redacted>/more","route":"","status":404)"));
  EXPECT_TRUE(logged(R"("path":"/auth/reset_password/<redacted>","route":"","status":405)"));
  EXPECT_TRUE(logged("GET /auth/reset_password/<token> failed"));
  EXPECT_TRUE(logged("GET /auth/reset_password/<redacted>/more failed"));
}

TEST_P(PasswordResetTest, SmtpDownTheRequestAnswersAtOnceAndTheMailComesLater) {
  register_user("susan", "susan@example.com");
  sink_.stop();
  auto c = client();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(request_reset(c, "susan@example.com").status, 302);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));

  EXPECT_EQ(run_jobs(), 1);
  db::JobRow row;
  {
    auto conn = database().db().connect();
    Id id = 0;
    conn.sql() << "SELECT id FROM job", soci::into(id);
    row = *db::jobs::find(conn.sql(), id);
  }
  EXPECT_EQ(row.state, "queued");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_THAT(row.last_error, HasSubstr("SMTP"));
  EXPECT_GT(row.run_after_us, util::now_micros());
  // Not due yet: nothing runs.
  EXPECT_EQ(run_jobs(), 0);

  sink_.start();
  // The retry runs once it is due (here: the clock moved past its back-off).
  EXPECT_EQ(run_jobs(row.run_after_us + 1), 1);
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_EQ(mail_header(mails[0], "Subject"), "[Microblog] Reset Your Password");
  auto conn = database().db().connect();
  const auto after = *db::jobs::find(conn.sql(), row.id);
  EXPECT_EQ(after.state, "done");
  EXPECT_EQ(after.attempts, 2);
}

TEST_P(PasswordResetTest, PerAddressLimitSendsNoMoreMailButAnswersTheSame) {
  register_user("susan", "susan@example.com");
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    const auto res = request_reset(c, "susan@example.com");
    EXPECT_EQ(res.status, 302);
    EXPECT_EQ(res.header("location"), "/auth/login");
  }
  EXPECT_EQ(count_jobs(), 3);  // RESET_REQUESTS_PER_ADDRESS defaults to 3 an hour
}

TEST_P(PasswordResetTest, PerIpLimitAnswers429) {
  auto env = mail_env();
  env["RESET_REQUESTS_PER_IP"] = "2";
  start(env);
  auto c = client();
  EXPECT_EQ(request_reset(c, "a@example.com").status, 302);
  EXPECT_EQ(request_reset(c, "b@example.com").status, 302);
  const auto res = request_reset(c, "c@example.com");
  EXPECT_EQ(res.status, 429);
  EXPECT_FALSE(res.header("retry-after").empty());
  EXPECT_THAT(res.body, HasSubstr("Too many reset requests"));
}

TEST_P(PasswordResetTest, MalformedAddressIsShownNextToTheField) {
  auto c = client();
  const auto res = request_reset(c, "not-an-email");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Invalid email address."));
  EXPECT_EQ(count_jobs(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PasswordResetTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

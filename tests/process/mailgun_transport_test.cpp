#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobs/mail_job.hpp"
#include "mail/transport.hpp"
#include "support/mail_sink.hpp"
#include "support/test_database.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kDomain = "mg.microblog.test";
constexpr const char* kKey = "key-0123456789abcdef";

mail::Message sample() {
  mail::Message m;
  m.from = {"admin@microblog.test", "Microblog"};
  m.to = {{"susan@example.com", "Susan"}};
  m.subject = "[Microblog] Your blog posts ✓";
  m.text = "Your posts are attached.\n";
  m.html = "<p>Your posts are attached.</p>\n";
  m.attachments.push_back({"posts.json", "application/json", R"({"posts": [{"body": "hi"}]})"});
  m.message_id = "job-7.1@microblog.test";
  return m;
}

class MailgunTransport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
};

TEST_F(MailgunTransport, PostsTheFormMailgunExpects) {
  MailgunFake fake(kDomain, kKey);
  auto transport =
      mail::make_mailgun_transport({kKey, kDomain, fake.url(), std::chrono::seconds(10)});
  transport->send(sample());
  const auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto r = nlohmann::json::parse(requests[0]);
  EXPECT_EQ(r["path"], std::string("/v3/") + kDomain + "/messages");
  const auto& f = r["fields"];
  EXPECT_EQ(f["from"][0], "Microblog <admin@microblog.test>");
  EXPECT_EQ(f["to"][0], "Susan <susan@example.com>");
  EXPECT_EQ(f["subject"][0], "[Microblog] Your blog posts ✓");
  EXPECT_EQ(f["text"][0], "Your posts are attached.\n");
  EXPECT_EQ(f["html"][0], "<p>Your posts are attached.</p>\n");
  EXPECT_EQ(f["h:Message-Id"][0], "<job-7.1@microblog.test>");
  ASSERT_EQ(r["files"].size(), 1U);
  EXPECT_EQ(r["files"][0]["name"], "attachment");
  EXPECT_EQ(r["files"][0]["filename"], "posts.json");
  EXPECT_EQ(r["files"][0]["content_type"], "application/json");
  EXPECT_EQ(r["files"][0]["data"], R"({"posts": [{"body": "hi"}]})");
}

TEST_F(MailgunTransport, WrongKeyIsAPermanentFailure) {
  MailgunFake fake(kDomain, kKey);
  auto transport =
      mail::make_mailgun_transport({"key-wrong", kDomain, fake.url(), std::chrono::seconds(10)});
  try {
    transport->send(sample());
    FAIL() << "send should have thrown";
  } catch (const mail::SendError& e) {
    EXPECT_TRUE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("401"));
    EXPECT_THAT(e.what(), HasSubstr("Forbidden"));
  }
  EXPECT_TRUE(fake.requests().empty());
}

TEST_F(MailgunTransport, MissingFieldIs400AndPermanent) {
  MailgunFake fake(kDomain, kKey);
  auto transport =
      mail::make_mailgun_transport({kKey, kDomain, fake.url(), std::chrono::seconds(10)});
  auto m = sample();
  m.text.clear();
  m.html.clear();
  try {
    transport->send(m);
    FAIL() << "send should have thrown";
  } catch (const mail::SendError& e) {
    EXPECT_TRUE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("400"));
    EXPECT_THAT(e.what(), HasSubstr("'text' or 'html'"));
  }
}

TEST_F(MailgunTransport, UnreachableApiIsTemporary) {
  auto transport = mail::make_mailgun_transport(
      {kKey, kDomain, "http://127.0.0.1:" + std::to_string(free_port()), std::chrono::seconds(5)});
  try {
    transport->send(sample());
    FAIL() << "send should have thrown";
  } catch (const mail::SendError& e) {
    EXPECT_FALSE(e.permanent());
  }
}

// The error answer as the job queue sees it: a wrong key kills the job at once with the reason.
class MailgunJobTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
};

TEST_P(MailgunJobTest, RefusalBecomesADeadJobWithTheReason) {
  TestDatabase database(GetParam());
  MailgunFake fake(kDomain, kKey);
  auto good = mail::make_mailgun_transport({kKey, kDomain, fake.url(), std::chrono::seconds(10)});
  auto bad =
      mail::make_mailgun_transport({"key-wrong", kDomain, fake.url(), std::chrono::seconds(10)});
  Id id = 0;
  {
    auto conn = database.db().connect();
    db::Transaction tx(conn);
    id = jobs::enqueue_mail(conn.sql(), sample(), false, 5);
    tx.commit();
  }
  jobs::Runner runner(database.db(), {"w", util::seconds(10), util::seconds(1), util::seconds(60)});
  runner.register_kind(jobs::kSendMail, jobs::send_mail_handler(*bad));
  EXPECT_EQ(runner.run_until_idle(), 1);
  {
    auto conn = database.db().connect();
    const auto row = *db::jobs::find(conn.sql(), id);
    EXPECT_EQ(row.state, "dead");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.last_error, "Mailgun answered 401: Forbidden");
  }
  // The same job shape through the right key is delivered, with the job's Message-ID.
  {
    auto conn = database.db().connect();
    db::Transaction tx(conn);
    id = jobs::enqueue_mail(conn.sql(), sample(), false, 5);
    tx.commit();
  }
  jobs::Runner ok(database.db(), {"w2", util::seconds(10), util::seconds(1), util::seconds(60)});
  ok.register_kind(jobs::kSendMail, jobs::send_mail_handler(*good));
  EXPECT_EQ(ok.run_until_idle(), 1);
  const auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto r = nlohmann::json::parse(requests[0]);
  EXPECT_THAT(r["fields"]["h:Message-Id"][0].get<std::string>(),
              HasSubstr("<job-" + std::to_string(id) + "."));
}

INSTANTIATE_TEST_SUITE_P(Backends, MailgunJobTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/job_repository.hpp"
#include "jobs/mail_job.hpp"
#include "jobs/test_jobs.hpp"
#include "support/hold_fifos.hpp"
#include "support/mail_sink.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class WorkerProcessTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }

  void SetUp() override { sink_.start(); }

  std::map<std::string, std::string> env() {
    auto e = test_environment(database_.url());
    e["LOG_FORMAT"] = "text";
    e["LOG_LEVEL"] = "info";
    e["MAIL_SERVER"] = "127.0.0.1";
    e["MAIL_PORT"] = std::to_string(sink_.port());
    e["MICROBLOG_TEST_HOLD_DIR"] = hold_.dir().string();
    e["JOB_LEASE_SECONDS"] = "2";
    e["JOB_POLL_MS"] = "50";
    return e;
  }

  db::JobRow job(Id id) {
    auto conn = database_.db().connect();
    return *db::jobs::find(conn.sql(), id);
  }

  TestDatabase database_{GetParam()};
  SmtpSink sink_;
  HoldFifos hold_{"mbjob-" + GetParam(), "job"};
};

TEST_P(WorkerProcessTest, AKilledWorkersJobIsFinishedByAnotherAfterTheLeaseAndMailedOnce) {
  mail::Message m;
  m.from = {"admin@microblog.test", "Microblog"};
  m.to = {{"susan@example.com", "Susan"}};
  m.subject = "[Microblog] Your blog posts";
  m.text = "Attached.\n";
  m.html = "<p>Attached.</p>\n";
  Id id = 0;
  {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    jobs::JobSpec spec;
    spec.kind = jobs::kTestHoldMail;
    spec.payload = jobs::mail_payload(m, false);
    id = jobs::enqueue(conn.sql(), spec);
    tx.commit();
  }

  auto first = std::make_unique<ChildProcess>(std::vector<std::string>{"worker"}, env());
  ASSERT_FALSE(first->wait_for_line("worker ready").empty()) << first->stderr_text();
  hold_.wait_entered();  // the first worker is in the middle of the job
  auto row = job(id);
  EXPECT_EQ(row.state, "running");
  EXPECT_EQ(row.progress, 50);
  EXPECT_EQ(row.attempts, 1);
  const std::string first_owner = row.lease_owner;
  first->signal(SIGKILL);
  EXPECT_EQ(first->wait(), 128 + SIGKILL);

  ChildProcess second({"worker"}, env());
  ASSERT_FALSE(second.wait_for_line("worker ready").empty()) << second.stderr_text();
  // The second worker takes the job over only once the first one's lease has run out; its
  // handler announces itself on the FIFO when it does.
  hold_.wait_entered();
  row = job(id);
  ASSERT_EQ(row.attempts, 2);
  EXPECT_NE(row.lease_owner, first_owner);
  hold_.release();
  const auto mails = sink_.wait_for(1);
  ASSERT_EQ(mails.size(), 1U);
  // The worker logs the job's end once it is recorded.
  ASSERT_FALSE(second.wait_for_line("job " + std::to_string(id) + " (test.hold_mail) done").empty())
      << second.stderr_text();
  row = job(id);
  EXPECT_EQ(row.state, "done");
  EXPECT_EQ(row.progress, 100);
  // Done means the send is over: had there been a second send, it would be here by now.
  EXPECT_EQ(sink_.messages().size(), 1U);
  EXPECT_EQ(
      mail_header(mails[0], "Message-ID"),
      "<job-" + std::to_string(id) + "." + std::to_string(row.created_us) + "@microblog.test>");

  second.signal(SIGTERM);
  EXPECT_EQ(second.wait(), 0) << second.stderr_text();
  EXPECT_THAT(second.stdout_text(), HasSubstr("worker stopped"));
}

TEST_P(WorkerProcessTest, ServeRunsJobsInProcessByDefault) {
  mail::Message m;
  m.from = {"admin@microblog.test", ""};
  m.to = {{"susan@example.com", ""}};
  m.subject = "hello";
  m.text = "hi\n";
  {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    jobs::enqueue_mail(conn.sql(), m, false, 5);
    tx.commit();
  }
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env());
  ASSERT_FALSE(server.wait_for_line("listening on ").empty()) << server.stderr_text();
  EXPECT_EQ(sink_.wait_for(1).size(), 1U);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.stderr_text();
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerProcessTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

// An attachment given by path reaches the recipient whole through each transport: a real SMTP
// server on loopback, the fake Mailgun API and the outbox folder. The file is larger than the
// reader's chunks many times over, so it is read and encoded in pieces on the way.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mail/transport.hpp"
#include "support/mail_sink.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

constexpr const char* kDomain = "mg.microblog.test";
constexpr const char* kKey = "key-0123456789abcdef";

class MailFileAttachment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mail-attachment-" + util::random_token().substr(0, 12));
    std::filesystem::create_directories(dir_);
    for (int i = 0; data_.size() < 2'000'000; ++i) {
      data_ += R"({"body": "post number )" + std::to_string(i) + R"(", "timestamp": "x"},)" + "\n";
    }
    path_ = (dir_ / "posts.json").string();
    std::ofstream(path_, std::ios::binary) << data_;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  mail::Message message() const {
    mail::Message m;
    m.from = {"admin@microblog.test", "Microblog"};
    m.to = {{"susan@example.com", "Susan"}};
    m.subject = "[Microblog] Your blog posts";
    m.text = "Your posts are attached.\n";
    m.message_id = "job-8.1@microblog.test";
    m.attachments.push_back({"posts.json", "application/json", "", path_});
    return m;
  }

  std::filesystem::path dir_;
  std::string data_;
  std::string path_;
};

TEST_F(MailFileAttachment, ArrivesWholeThroughSmtp) {
  SmtpSink sink;
  sink.start();
  auto transport = mail::make_smtp_transport(
      {"127.0.0.1", sink.port(), false, "", "", std::chrono::seconds(20)});
  transport->send(message());
  const auto received = sink.wait_for(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(mail_part(received[0], "application/json"), data_);
}

TEST_F(MailFileAttachment, IsUploadedFromItsFileToMailgun) {
  MailgunFake fake(kDomain, kKey);
  auto transport =
      mail::make_mailgun_transport({kKey, kDomain, fake.url(), std::chrono::seconds(20)});
  transport->send(message());
  const auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto r = nlohmann::json::parse(requests[0]);
  ASSERT_EQ(r["files"].size(), 1U);
  EXPECT_EQ(r["files"][0]["filename"], "posts.json");
  EXPECT_EQ(r["files"][0]["content_type"], "application/json");
  EXPECT_EQ(r["files"][0]["data"], data_);
}

TEST_F(MailFileAttachment, IsWrittenWholeToTheOutbox) {
  const auto outbox = dir_ / "outbox";
  mail::make_outbox_transport(outbox.string())->send(message());
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(outbox)) {
    files.push_back(entry.path());
  }
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].extension(), ".eml");
  std::ifstream in(files[0], std::ios::binary);
  const std::string eml((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(mail_part(eml, "application/json"), data_);
}

TEST_F(MailFileAttachment, AMissingFileSendsNothing) {
  const auto outbox = dir_ / "outbox";
  auto m = message();
  m.attachments[0].path = (dir_ / "gone.json").string();
  EXPECT_ANY_THROW(mail::make_outbox_transport(outbox.string())->send(m));
  EXPECT_FALSE(std::filesystem::exists(outbox) && !std::filesystem::is_empty(outbox));
}

}  // namespace
}  // namespace microblog::testing

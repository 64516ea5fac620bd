// MimeReader hands out build_mime's bytes in pieces, and an attachment given by path is the
// same as one given by its bytes, whatever sizes the transport asks for.
#include "mail/mime_reader.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/mail_sink.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

mail::Message sample() {
  mail::Message m;
  m.from = {"admin@example.com", "Microblog"};
  m.to = {{"susan@example.com", "Susan"}};
  m.subject = "[Microblog] Your blog posts";
  m.text = "Your posts are attached.\n";
  m.html = "<p>Your posts are attached.</p>\n";
  m.message_id = "job-9.1@example.com";
  m.date_us = 1'700'000'000'000'000;
  return m;
}

// Bytes of every value, in a length that is no multiple of the reader's chunk or of 57.
std::string blob(std::size_t n) {
  std::string data;
  data.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    data += static_cast<char>((i * 7 + i / 251) % 256);
  }
  return data;
}

std::string read_all(mail::MimeReader& reader, std::size_t step) {
  std::string out;
  std::string buffer(step, '\0');
  while (const std::size_t n = reader.read(buffer.data(), step)) {
    out.append(buffer.data(), n);
  }
  return out;
}

class MimeReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mime-reader-" + util::random_token().substr(0, 12));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write_file(const std::string& name, const std::string& data) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(MimeReaderTest, HandsOutBuildMimesBytesInAnyStep) {
  auto m = sample();
  m.attachments.push_back({"posts.json", "application/json", blob(10'000), ""});
  const std::string whole = mail::build_mime(m);
  for (const std::size_t step : {1UL, 7UL, 76UL, 4096UL, 1UL << 20}) {
    mail::MimeReader reader(m);
    EXPECT_EQ(reader.size(), whole.size()) << step;
    EXPECT_EQ(read_all(reader, step), whole) << step;
  }
}

TEST_F(MimeReaderTest, AFileAttachmentIsTheSameAsItsBytes) {
  for (const std::size_t n : {0UL, 1UL, 57UL, 3648UL, 3649UL, 250'001UL}) {
    const std::string data = blob(n);
    auto by_bytes = sample();
    by_bytes.attachments.push_back({"posts.json", "application/json", data, ""});
    auto by_path = sample();
    by_path.attachments.push_back(
        {"posts.json", "application/json", "", write_file("posts.json", data)});
    const std::string expected = mail::build_mime(by_bytes);
    mail::MimeReader reader(by_path);
    EXPECT_EQ(reader.size(), expected.size()) << n;
    const std::string streamed = read_all(reader, 1000);
    EXPECT_EQ(streamed, expected) << n;
    EXPECT_EQ(mail::build_mime(by_path), expected) << n;
    if (n > 0) {
      EXPECT_EQ(mail_part(streamed, "application/json"), data) << n;
    }
  }
}

TEST_F(MimeReaderTest, AMissingFileIsAnErrorBeforeAnythingIsSent) {
  auto m = sample();
  m.attachments.push_back({"posts.json", "application/json", "", (dir_ / "gone.json").string()});
  EXPECT_THROW(mail::MimeReader{m}, std::runtime_error);
  EXPECT_THROW(mail::build_mime(m), std::runtime_error);
}

}  // namespace
}  // namespace microblog::testing

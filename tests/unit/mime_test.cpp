#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mail/message.hpp"
#include "support/mail_sink.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

mail::Message sample() {
  mail::Message m;
  m.from = {"admin@example.com", "Microblog"};
  m.to = {{"susan@example.com", "Susan"}};
  m.subject = "[Microblog] Reset Your Password";
  m.text = "Hello Susan,\nclick the link.\n";
  m.html = "<p>Hello Susan,</p>\n<p>click <a href=\"x\">the link</a>.</p>\n";
  m.message_id = "job-1.2@example.com";
  m.date_us = 1'700'000'000'000'000;  // 2023-11-14 22:13:20 UTC
  return m;
}

class Mime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }
};

TEST_F(Mime, AsciiSubjectStaysReadableAndNonAsciiIsEncodedWord) {
  EXPECT_EQ(mail::encode_header_text("[Microblog] Reset Your Password"),
            "[Microblog] Reset Your Password");
  EXPECT_EQ(mail::encode_header_text("Grüße"), "=?UTF-8?B?R3LDvMOfZQ==?=");
}

TEST_F(Mime, LongNonAsciiSubjectIsFoldedWithoutSplittingACharacter) {
  std::string subject;
  for (int i = 0; i < 30; ++i) {
    subject += "ñé";  // two bytes each
  }
  const std::string encoded = mail::encode_header_text(subject);
  EXPECT_THAT(encoded, HasSubstr("?=\r\n =?UTF-8?B?"));
  std::string decoded;
  std::size_t pos = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = encoded.find("?=", pos + 10);
    const std::string word = decode_base64(encoded.substr(pos + 10, end - pos - 10));
    // Each word decodes to whole characters on its own.
    EXPECT_EQ(word.size() % 2, 0U) << word;
    decoded += word;
    EXPECT_LE(end + 2 - pos, 75U);
    pos = end + 2;
  }
  EXPECT_EQ(decoded, subject);
}

TEST_F(Mime, DisplayNamesAreQuotedOrEncoded) {
  EXPECT_EQ(mail::format_address({"a@example.com", ""}), "a@example.com");
  EXPECT_EQ(mail::format_address({"a@example.com", "Susan Smith"}), "Susan Smith <a@example.com>");
  EXPECT_EQ(mail::format_address({"a@example.com", "Smith, Susan \"S\""}),
            "\"Smith, Susan \\\"S\\\"\" <a@example.com>");
  EXPECT_EQ(mail::format_address({"a@example.com", "José"}),
            "=?UTF-8?B?Sm9zw6k=?= <a@example.com>");
}

TEST_F(Mime, HasTheRequiredHeadersAndAlternativeParts) {
  const std::string mime = mail::build_mime(sample());
  EXPECT_EQ(mime.rfind("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n", 0), 0U) << mime;
  EXPECT_THAT(mime, HasSubstr("\r\nFrom: Microblog <admin@example.com>\r\n"));
  EXPECT_THAT(mime, HasSubstr("\r\nTo: Susan <susan@example.com>\r\n"));
  EXPECT_THAT(mime, HasSubstr("\r\nSubject: [Microblog] Reset Your Password\r\n"));
  EXPECT_THAT(mime, HasSubstr("\r\nMessage-ID: <job-1.2@example.com>\r\n"));
  EXPECT_THAT(mime, HasSubstr("\r\nMIME-Version: 1.0\r\n"));
  // Folded: the boundary parameter on its own line keeps the header under 78 columns.
  EXPECT_THAT(mime, HasSubstr("Content-Type: multipart/alternative;\r\n boundary=\""));
  EXPECT_THAT(mime, Not(HasSubstr("multipart/mixed")));
  // Text before HTML: the last alternative is the preferred one.
  const auto text = mime.find("Content-Type: text/plain; charset=UTF-8");
  const auto html = mime.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(text, html);
  EXPECT_EQ(mail_part(mime, "text/plain"), "Hello Susan,\nclick the link.\n");
  EXPECT_THAT(mail_part(mime, "text/html"), HasSubstr("<a href=\"x\">the link</a>"));
  // Every line ends in CRLF and none is longer than 78 characters.
  std::size_t start = 0;
  while (start < mime.size()) {
    const auto end = mime.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 78U) << mime.substr(start, end - start);
    EXPECT_EQ(mime.substr(start, end - start).find('\n'), std::string::npos);
    start = end + 2;
  }
}

TEST_F(Mime, BoundariesOpenAndCloseEveryPart) {
  auto m = sample();
  m.attachments.push_back({"posts.json", "application/json", R"({"posts": []})"});
  const std::string mime = mail::build_mime(m);
  const std::string mixed_header = "Content-Type: multipart/mixed;\r\n boundary=\"";
  const auto mixed = mime.find(mixed_header);
  ASSERT_NE(mixed, std::string::npos);
  const auto b_start = mixed + mixed_header.size();
  const std::string boundary = mime.substr(b_start, mime.find('"', b_start) - b_start);
  EXPECT_THAT(mime, HasSubstr("\r\n--" + boundary + "\r\nContent-Type: multipart/alternative;"));
  EXPECT_THAT(mime, HasSubstr("\r\n--" + boundary + "\r\nContent-Type: application/json\r\n"));
  EXPECT_THAT(mime, HasSubstr("\r\n--" + boundary + "--\r\n"));
  EXPECT_THAT(mime, HasSubstr("Content-Disposition: attachment; filename=\"posts.json\"\r\n"));
}

TEST_F(Mime, AttachmentsAreBase64InShortLines) {
  auto m = sample();
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data += static_cast<char>(i % 256);
  }
  m.attachments.push_back({"blob.bin", "application/octet-stream", data});
  m.attachments.push_back({"résumé.txt", "text/plain", "hi"});
  const std::string mime = mail::build_mime(m);
  EXPECT_EQ(mail_part(mime, "application/octet-stream"), data);
  EXPECT_THAT(mime, HasSubstr("filename*=UTF-8''r%C3%A9sum%C3%A9.txt"));
  EXPECT_EQ(mail::base64_lines(std::string(57, 'a')).size(), 78U);  // 76 + CRLF
  EXPECT_EQ(mail::base64_lines(std::string(58, 'a')).find("\r\n"), 76U);
}

TEST_F(Mime, QuotedPrintableKeepsUtf8AndSoftWrapsLongLines) {
  const std::string long_url = "http://127.0.0.1:5000/auth/reset_password/" + std::string(60, 'x');
  const std::string qp = mail::quoted_printable("héllo = world \n" + long_url + "\n.dot\n");
  EXPECT_THAT(qp, HasSubstr("h=C3=A9llo =3D world=20\r\n"));
  EXPECT_THAT(qp, HasSubstr("=\r\n"));  // the URL is soft-wrapped
  EXPECT_THAT(qp, HasSubstr("\r\n=2Edot\r\n"));
  EXPECT_EQ(decode_quoted_printable(qp), "héllo = world \n" + long_url + "\n.dot\n");
}

TEST_F(Mime, RefusesLineBreaksInHeaderValues) {
  auto bad_subject = sample();
  bad_subject.subject = "Hello\r\nBcc: victim@example.com";
  EXPECT_THROW(mail::build_mime(bad_subject), mail::InvalidMessage);
  auto bad_lf = sample();
  bad_lf.subject = "Hello\nBcc: victim@example.com";
  EXPECT_THROW(mail::build_mime(bad_lf), mail::InvalidMessage);
  auto bad_name = sample();
  bad_name.to[0].name = "Susan\r\nBcc: victim@example.com";
  EXPECT_THROW(mail::build_mime(bad_name), mail::InvalidMessage);
  auto bad_from = sample();
  bad_from.from.name = "Admin\n";
  EXPECT_THROW(mail::build_mime(bad_from), mail::InvalidMessage);
  auto bad_address = sample();
  bad_address.to[0].email = "susan@example.com>\r\nRCPT TO:<x@y";
  EXPECT_THROW(mail::build_mime(bad_address), mail::InvalidMessage);
  auto bad_file = sample();
  bad_file.attachments.push_back({"a\r\n.json", "application/json", "{}"});
  EXPECT_THROW(mail::build_mime(bad_file), mail::InvalidMessage);
  auto no_at = sample();
  no_at.to[0].email = "susan";
  EXPECT_THROW(mail::build_mime(no_at), mail::InvalidMessage);
}

TEST_F(Mime, TextOnlyMessageIsASinglePart) {
  auto m = sample();
  m.html.clear();
  const std::string mime = mail::build_mime(m);
  EXPECT_THAT(mime, Not(HasSubstr("multipart")));
  EXPECT_THAT(mime, HasSubstr("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
}

}  // namespace
}  // namespace microblog::testing

// How a request's length is framed: only Transfer-Encoding "chunked" alone is taken, the bytes
// of chunk framing (sizes, extensions, trailer) are limited like a header, and form bodies
// have a limited number of fields. A request framed any other way could be read differently
// by a proxy in front, which is how requests are smuggled past one.
#include <cstdio>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/http_fixture.hpp"
#include "http/server.hpp"
#include "support/raw_connection.hpp"
#include "support/running_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using Outcome = RawConnection::Outcome;

constexpr std::size_t kHeaderLimit = 4096;

class Framing : public ::testing::Test {
 protected:
  void SetUp() override { start(kHeaderLimit); }

  void start(std::size_t header_limit) {
    http::Server::Options opt;
    opt.threads = 1;
    opt.header_limit = header_limit;
    opt.body_limit = 64 * 1024;
    server_.reset();  // the one running stops first
    server_ = std::make_unique<RunningServer>(opt, [](http::Request& req) {
      return http::make_response(http::Status::ok, "echo " + req.path + " " + req.raw.body(),
                                 "text/plain");
    });
  }

  // Sends `bytes` on a new connection; the first answer's status, or -1 when none came.
  // `closed_after` tells whether the server then ended the connection.
  int status_of(const std::string& bytes, bool* closed_after = nullptr) {
    RawConnection c(server_->port());
    // The server may refuse before it has read everything, and close: what it answered
    // is still there to read.
    c.send(bytes);
    const auto first = c.read_response();
    if (first.outcome != Outcome::response) {
      return -1;
    }
    last_body_ = first.response.body();
    if (closed_after != nullptr) {
      *closed_after = c.read_response().outcome == Outcome::closed;
    }
    return first.response.result_int();
  }

  static std::string chunked_post(const std::string& chunks) {
    return "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
  }

  std::unique_ptr<RunningServer> server_;
  std::string last_body_;
};

TEST_F(Framing, ChunkedBodiesAreRead) {
  EXPECT_EQ(status_of(chunked_post("4\r\nabcd\r\n2;name=value\r\nef\r\n0\r\n\r\n")), 200);
  EXPECT_EQ(last_body_, "echo /c abcdef");
  EXPECT_EQ(status_of("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked \r\n\r\n"
                      "3\r\nxyz\r\n0\r\n\r\n"),
            200);
  EXPECT_EQ(last_body_, "echo /c xyz");
  // A body bigger than the header limit: only the framing around it counts against that.
  const std::string half(6000, 'b');
  EXPECT_EQ(status_of(chunked_post("1770\r\n" + half + "\r\n1770\r\n" + half + "\r\n0\r\n\r\n")),
            200);
  EXPECT_EQ(last_body_.size(), std::string("echo /c ").size() + 12000);
}

TEST_F(Framing, TransferEncodingOtherThanChunkedAloneIs400AndCloses) {
  // Each body holds a whole second request, which a server that misjudged the first one's
  // length would answer.
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", smuggled.size());
  const std::string as_chunk = size + ("\r\n" + smuggled + "\r\n0\r\n\r\n");
  for (const std::string framing : {
           "Transfer-Encoding: gzip, chunked\r\n",
           "Transfer-Encoding: chunked, chunked\r\n",
           "Transfer-Encoding: identity\r\n",
           "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
           "Transfer-Encoding: chunked\r\nContent-Length: LENGTH\r\n",
           "Content-Length: LENGTH\r\nTransfer-Encoding: chunked\r\n",
           "Transfer-Encoding: identity\r\nContent-Length: LENGTH\r\n",
       }) {
    for (const std::string& body : {smuggled, as_chunk}) {
      std::string header = framing;
      if (const auto at = header.find("LENGTH"); at != std::string::npos) {
        header.replace(at, 6, std::to_string(body.size()));
      }
      bool closed = false;
      EXPECT_EQ(status_of("POST /first HTTP/1.1\r\nHost: x\r\n" + header + "\r\n" + body, &closed),
                400)
          << header << body;
      EXPECT_TRUE(closed) << header << body;
    }
  }
  bool closed = false;
  EXPECT_EQ(
      status_of("POST /first HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + as_chunk,
                &closed),
      400);
  EXPECT_TRUE(closed);
}

TEST_F(Framing, AHugeChunkExtensionIsRefused) {
  bool closed = false;
  EXPECT_EQ(
      status_of(chunked_post("1;" + std::string(64 * 1024, 'e') + "\r\nx\r\n0\r\n\r\n"), &closed),
      413);
  EXPECT_TRUE(closed);
}

TEST_F(Framing, ChunkExtensionsAddUp) {
  // Each line is short; together they are more than a header may be.
  std::string chunks;
  for (int i = 0; i < 100; ++i) {
    chunks += "1;" + std::string(100, 'e') + "\r\nx\r\n";
  }
  bool closed = false;
  EXPECT_EQ(status_of(chunked_post(chunks + "0\r\n\r\n"), &closed), 413);
  EXPECT_TRUE(closed);
}

TEST_F(Framing, TrailersAreRefused) {
  // Beast would add these to the header, after a proxy in front checked it.
  bool closed = false;
  EXPECT_EQ(status_of(chunked_post("1\r\nx\r\n0\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n"), &closed),
            400);
  EXPECT_TRUE(closed);
  EXPECT_EQ(
      status_of(chunked_post("1\r\nx\r\n0\r\nX-Pad: " + std::string(64 * 1024, 'p') + "\r\n\r\n"),
                &closed),
      413);
  EXPECT_TRUE(closed);
}

TEST_F(Framing, AFieldLongerThanBeastKeepsIsRefusedWithAnAnswer) {
  // With a limit above 64 KiB, one field may be longer than Beast stores; it throws, and the
  // client should still hear why.
  start(256 * 1024);
  bool closed = false;
  EXPECT_EQ(
      status_of("GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(70 * 1024, 'p') + "\r\n\r\n",
                &closed),
      431);
  EXPECT_TRUE(closed);
  EXPECT_EQ(
      status_of(chunked_post("1\r\nx\r\n0\r\nX-Pad: " + std::string(70 * 1024, 'p') + "\r\n\r\n"),
                &closed),
      413);
  EXPECT_TRUE(closed);
}

class FormFieldsTest : public HttpTest {
 protected:
  HttpResult login_with_extra_fields(int extra) {
    auto c = client();
    c.get("/auth/login");
    std::vector<std::pair<std::string, std::string>> fields = {
        {"username", "susan"}, {"password", "wrong password"}, {"csrf_token", c.csrf()}};
    for (int i = 0; i < extra; ++i) {
      fields.emplace_back("f" + std::to_string(i), "v");
    }
    return c.post_form("/auth/login", fields);
  }
};

TEST_P(FormFieldsTest, AFormWithTooManyFieldsIs400) {
  // The default, 100: three fields of the form and 97 more still make a form.
  EXPECT_EQ(login_with_extra_fields(97).status, 200);
  auto res = login_with_extra_fields(98);
  EXPECT_EQ(res.status, 400);
  EXPECT_THAT(res.body, HasSubstr("more fields than this site accepts"));
  start({{"MAX_FORM_FIELDS", "5"}});
  EXPECT_EQ(login_with_extra_fields(2).status, 200);
  res = login_with_extra_fields(3);
  EXPECT_EQ(res.status, 400);
  EXPECT_THAT(res.body, HasSubstr("more fields than this site accepts"));
}

INSTANTIATE_TEST_SUITE_P(Backends, FormFieldsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

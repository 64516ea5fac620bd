#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class ErrorsTest : public HttpTest {};

TEST_P(ErrorsTest, NotFoundInHtmlAndJson) {
  auto c = client();
  auto res = c.get("/no/such/page", {{"Accept", "text/html"}});
  EXPECT_EQ(res.status, 404);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(res.body, HasSubstr("Page not found"));
  EXPECT_THAT(res.body, HasSubstr("navbar"));
  EXPECT_THAT(res.body, HasSubstr(res.header("x-request-id")));
  res = c.get("/no/such/page", {{"Accept", "application/json"}});
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"], "Not Found");
}

TEST_P(ErrorsTest, MethodNotAllowedInHtmlAndJsonWithAllow) {
  auto c = client();
  auto res = c.request("DELETE", "/auth/login", "", {{"Accept", "text/html"}});
  EXPECT_EQ(res.status, 405);
  EXPECT_THAT(res.header("allow"), HasSubstr("GET"));
  EXPECT_THAT(res.header("allow"), HasSubstr("POST"));
  EXPECT_THAT(res.body, HasSubstr("Method not allowed"));
  res = c.request("PUT", "/healthz", "", {{"Accept", "application/json"}});
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"], "Method Not Allowed");
}

TEST_P(ErrorsTest, TooLargeBodyIs413InHtmlAndJson) {
  start({{"MAX_BODY_BYTES", "4096"}});
  auto c = client();
  const std::string big(8192, 'a');
  auto res =
      c.request("POST", "/auth/login", "username=" + big,
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
  EXPECT_EQ(res.status, 413);
  EXPECT_THAT(res.body, HasSubstr("Request too large"));
  res = c.request(
      "POST", "/auth/login", "username=" + big,
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"], "Payload Too Large");
}

TEST_P(ErrorsTest, OversizedHeadersAre431) {
  start({{"MAX_HEADER_BYTES", "2048"}});
  auto c = client();
  const auto res = c.get("/auth/login", {{"X-Padding", std::string(4096, 'p')}});
  EXPECT_EQ(res.status, 431);
}

TEST_P(ErrorsTest, SecurityHeadersOnEveryAnswer) {
  auto c = client();
  for (const std::string path : {"/auth/login", "/nope", "/healthz"}) {
    const auto res = c.get(path);
    EXPECT_THAT(res.header("content-security-policy"), HasSubstr("frame-ancestors 'none'")) << path;
    EXPECT_EQ(res.header("x-content-type-options"), "nosniff") << path;
    EXPECT_FALSE(res.header("referrer-policy").empty()) << path;
    EXPECT_FALSE(res.header("x-request-id").empty()) << path;
    EXPECT_TRUE(res.header("strict-transport-security").empty()) << path;  // plain HTTP
  }
}

TEST_P(ErrorsTest, HealthAndReadiness) {
  auto c = client();
  auto res = c.get("/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(nlohmann::json::parse(res.body)["status"], "ok");
  res = c.get("/readyz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(nlohmann::json::parse(res.body)["status"], "ready");
  EXPECT_FALSE(c.cookie("session").has_value());  // probes create no sessions
}

TEST_P(ErrorsTest, StaticFilesHaveEtagAndRevalidate) {
  auto c = client();
  auto res = c.get("/static/vendor/bootstrap/css/bootstrap.min.css");
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/css"));
  EXPECT_THAT(res.header("cache-control"), HasSubstr("max-age="));
  const std::string etag = res.header("etag");
  ASSERT_FALSE(etag.empty());
  res = c.get("/static/vendor/bootstrap/css/bootstrap.min.css", {{"If-None-Match", etag}});
  EXPECT_EQ(res.status, 304);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(c.get("/static/js/missing.js").status, 404);
}

// A folder removed when the test ends, however it ends.
struct ScratchDir {
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             (name + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(reinterpret_cast<std::uintptr_t>(this)))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << text;
  }
  std::filesystem::path path;
};

TEST_P(ErrorsTest, StaticPathsCannotReachAFileBesideTheStaticFolder) {
  // A static folder of the test's own, and beside it a file that certainly exists: a path that
  // climbs out of the folder would find it.
  const ScratchDir dir("mbstatic");
  dir.write("static/css/site.css", "body {}");
  dir.write("outside.txt", "NOT-A-STATIC-FILE");
  start({{"STATIC_DIR", (dir.path / "static").string()}});
  auto c = client();
  const auto inside = c.get("/static/css/site.css");
  ASSERT_EQ(inside.status, 200);  // the server does serve from that folder
  EXPECT_EQ(inside.body, "body {}");
  for (const std::string path :
       {"/static/../outside.txt", "/static/%2e%2e/outside.txt", "/static/%2E%2E/outside.txt",
        "/static/.%2e/outside.txt", "/static/..%2foutside.txt", "/static/%2e%2e%2foutside.txt",
        "/static/css/../../outside.txt", "/static/css/%2e%2e/%2e%2e/outside.txt",
        "/static/./../outside.txt"}) {
    const auto res = c.get(path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_THAT(res.body, ::testing::Not(HasSubstr("NOT-A-STATIC-FILE"))) << path;
  }
}

TEST_P(ErrorsTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  namespace asio = boost::asio;
  namespace bhttp = boost::beast::http;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), server().port()});
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/healthz", 11};
    req.set(bhttp::field::host, "localhost");
    bhttp::write(socket, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.keep_alive());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ErrorsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

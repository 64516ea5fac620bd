// Who the server takes the client to be: X-Forwarded-For, X-Forwarded-Proto and X-Request-Id
// count only when the connection comes from a trusted proxy, the proxy's own view of the
// client wins over anything the client wrote, and rate limits count an IPv6 client's /64.
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

// The server alone, answering with what it made of the request's origin.
class ForwardedHeaders : public ::testing::Test {
 protected:
  void start(const std::string& trusted) {
    http::Server::Options opt;
    opt.threads = 1;
    opt.trusted_proxies = http::TrustedProxies::parse(trusted, "TRUSTED_PROXIES");
    server_ = std::make_unique<RunningServer>(opt, [](http::Request& req) {
      return http::make_response(http::Status::ok,
                                 "ip=" + req.client_ip + " key=" + req.client_key +
                                     " secure=" + (req.secure ? "yes" : "no") +
                                     " trusted=" + (req.from_trusted_proxy ? "yes" : "no"),
                                 "text/plain");
    });
  }

  // What the server made of a GET with these header lines (each "Name: value").
  std::string origin(const std::vector<std::string>& lines) {
    RawConnection c(server_->port());
    std::string request = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (const auto& line : lines) {
      request += line + "\r\n";
    }
    EXPECT_TRUE(c.send(request + "\r\n"));
    const auto answer = c.read_response();
    EXPECT_EQ(answer.outcome, RawConnection::Outcome::response);
    return answer.response.body();
  }

  std::unique_ptr<RunningServer> server_;
};

TEST_F(ForwardedHeaders, AnUntrustedPeerSendingThemIsIgnored) {
  start("10.0.0.0/8, ::1");  // not 127.0.0.1, where this test connects from
  EXPECT_EQ(origin({"X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https"}),
            "ip=127.0.0.1 key=127.0.0.1 secure=no trusted=no");
  EXPECT_EQ(origin({}), "ip=127.0.0.1 key=127.0.0.1 secure=no trusted=no");
}

TEST_F(ForwardedHeaders, ThroughAnAppendingProxyTheAddressItSawWins) {
  start("127.0.0.1");
  // The client wrote 1.2.3.4; the proxy appended the address it really came from, to the same
  // line or as a line of its own.
  EXPECT_EQ(origin({"X-Forwarded-For: 1.2.3.4, 203.0.113.9"}),
            "ip=203.0.113.9 key=203.0.113.9 secure=no trusted=yes");
  EXPECT_EQ(origin({"X-Forwarded-For: 1.2.3.4", "X-Forwarded-For: 203.0.113.9"}),
            "ip=203.0.113.9 key=203.0.113.9 secure=no trusted=yes");
  // Without the header, the proxy itself is the client.
  EXPECT_EQ(origin({}), "ip=127.0.0.1 key=127.0.0.1 secure=no trusted=yes");
}

TEST_F(ForwardedHeaders, TwoProxyHops) {
  start("127.0.0.1, 10.0.0.0/8");
  // A CDN (10.1.2.3) saw the client, this machine's proxy saw the CDN.
  EXPECT_EQ(origin({"X-Forwarded-For: 1.2.3.4, 203.0.113.9, 10.1.2.3"}),
            "ip=203.0.113.9 key=203.0.113.9 secure=no trusted=yes");
  EXPECT_EQ(origin({"X-Forwarded-For: 1.2.3.4", "X-Forwarded-For: 203.0.113.9",
                    "X-Forwarded-For: 10.1.2.3"}),
            "ip=203.0.113.9 key=203.0.113.9 secure=no trusted=yes");
  EXPECT_EQ(origin({"X-Forwarded-For: 10.9.9.9, 10.1.2.3"}),
            "ip=10.9.9.9 key=10.9.9.9 secure=no trusted=yes");
}

TEST_F(ForwardedHeaders, GarbageEntriesAreSkipped) {
  start("127.0.0.1");
  EXPECT_EQ(origin({"X-Forwarded-For: 203.0.113.9, not-an-address, 1.2.3.4:8080, ,"}),
            "ip=203.0.113.9 key=203.0.113.9 secure=no trusted=yes");
  EXPECT_EQ(origin({"X-Forwarded-For: unknown"}),
            "ip=127.0.0.1 key=127.0.0.1 secure=no trusted=yes");
}

TEST_F(ForwardedHeaders, ProtoCountsFromATrustedProxy) {
  start("127.0.0.1");
  EXPECT_THAT(origin({"X-Forwarded-Proto: https"}), HasSubstr("secure=yes"));
  EXPECT_THAT(origin({"X-Forwarded-Proto: HTTPS"}), HasSubstr("secure=yes"));
  EXPECT_THAT(origin({"X-Forwarded-Proto: http"}), HasSubstr("secure=no"));
  // The proxy nearest to this server writes last.
  EXPECT_THAT(origin({"X-Forwarded-Proto: http", "X-Forwarded-Proto: https"}),
              HasSubstr("secure=yes"));
  EXPECT_THAT(origin({"X-Forwarded-Proto: https, http"}), HasSubstr("secure=no"));
}

TEST_F(ForwardedHeaders, AnIpv6ClientIsKeyedByItsSlash64) {
  start("127.0.0.1");
  EXPECT_EQ(origin({"X-Forwarded-For: 2001:db8:1:2:aaaa:bbbb:cccc:dddd"}),
            "ip=2001:db8:1:2:aaaa:bbbb:cccc:dddd key=2001:db8:1:2::/64 secure=no trusted=yes");
}

// The whole application behind the server.
class ClientAddressTest : public HttpTest {
 protected:
  // Signs in as nobody from `forwarded_for`; 200 (refused) or 429 (slowed down).
  int failed_login(const std::string& forwarded_for, int attempt) {
    auto c = client();
    c.get("/auth/login");
    return c
        .post_form("/auth/login",
                   {{"username", "nobody" + std::to_string(attempt)},
                    {"password", "wrong password"},
                    {"csrf_token", c.csrf()}},
                   {{"X-Forwarded-For", forwarded_for}})
        .status;
  }

  int reset_request(const std::string& forwarded_for) {
    auto c = client();
    c.get("/auth/reset_password_request");
    return c
        .post_form("/auth/reset_password_request",
                   {{"email", "someone@example.com"}, {"csrf_token", c.csrf()}},
                   {{"X-Forwarded-For", forwarded_for}})
        .status;
  }
};

TEST_P(ClientAddressTest, RequestIdIsTakenFromATrustedProxyOnly) {
  start({{"TRUSTED_PROXIES", "127.0.0.1"}});
  EXPECT_EQ(client().get("/healthz", {{"X-Request-Id", "lb-7f3a"}}).header("x-request-id"),
            "lb-7f3a");
  start({{"TRUSTED_PROXIES", "10.0.0.0/8"}});
  const auto res = client().get("/healthz", {{"X-Request-Id", "lb-7f3a"}});
  EXPECT_NE(res.header("x-request-id"), "lb-7f3a");
  EXPECT_FALSE(res.header("x-request-id").empty());
  start({});
  EXPECT_NE(client().get("/healthz", {{"X-Request-Id", "lb-7f3a"}}).header("x-request-id"),
            "lb-7f3a");
}

TEST_P(ClientAddressTest, TrustProxyMeansLoopbackAndAddsToTrustedProxies) {
  start({{"TRUST_PROXY", "true"}});
  EXPECT_EQ(client().get("/healthz", {{"X-Request-Id", "lb-1"}}).header("x-request-id"), "lb-1");
  start({{"TRUST_PROXY", "true"}, {"TRUSTED_PROXIES", "10.0.0.0/8"}});
  EXPECT_EQ(client().get("/healthz", {{"X-Request-Id", "lb-2"}}).header("x-request-id"), "lb-2");
  EXPECT_THAT(client()
                  .get("/auth/login", {{"X-Forwarded-Proto", "https"}})
                  .header("strict-transport-security"),
              HasSubstr("max-age="));
}

TEST_P(ClientAddressTest, SignInFailuresCountAgainstTheAddressTheProxySaw) {
  start({{"TRUSTED_PROXIES", "127.0.0.1"},
         {"LOGIN_FAILURES_PER_IP", "2"},
         {"LOGIN_FAILURES_PER_ACCOUNT", "100"}});
  // A new forged address every time changes nothing: the proxy's entry is the same.
  EXPECT_EQ(failed_login("1.1.1.1, 203.0.113.9", 1), 200);
  EXPECT_EQ(failed_login("2.2.2.2, 203.0.113.9", 2), 200);
  EXPECT_EQ(failed_login("3.3.3.3, 203.0.113.9", 3), 429);
  EXPECT_EQ(failed_login("203.0.113.10", 4), 200);
}

TEST_P(ClientAddressTest, AnIpv6ClientsSlash64SharesOneSignInLimit) {
  start({{"TRUSTED_PROXIES", "127.0.0.1"},
         {"LOGIN_FAILURES_PER_IP", "2"},
         {"LOGIN_FAILURES_PER_ACCOUNT", "100"}});
  EXPECT_EQ(failed_login("2001:db8:1:2::a", 1), 200);
  EXPECT_EQ(failed_login("2001:db8:1:2::b", 2), 200);
  EXPECT_EQ(failed_login("2001:db8:1:2:ffff:ffff:ffff:ffff", 3), 429);
  EXPECT_EQ(failed_login("2001:db8:1:3::a", 4), 200);
}

TEST_P(ClientAddressTest, AnIpv6ClientsSlash64SharesOneResetLimit) {
  start({{"TRUSTED_PROXIES", "127.0.0.1"},
         {"RESET_REQUESTS_PER_IP", "2"},
         {"ADMINS", "admin@microblog.test"}});
  EXPECT_EQ(reset_request("2001:db8:1:2::a"), 302);
  EXPECT_EQ(reset_request("2001:db8:1:2::b"), 302);
  EXPECT_EQ(reset_request("2001:db8:1:2::c"), 429);
  EXPECT_EQ(reset_request("2001:db8:1:3::a"), 302);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientAddressTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

// Which address a request is counted and logged under: TRUSTED_PROXIES parsing, the
// X-Forwarded-For walk, and the IPv6 /64 key.
#include "http/client_address.hpp"

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "http/server.hpp"
#include "support/config_env.hpp"

namespace microblog {
namespace {

using ::testing::HasSubstr;

using testing::load_config_from;

http::IpAddress ip(const std::string& text) {
  const auto a = http::parse_ip_address(text);
  if (!a) {
    throw std::invalid_argument(text);
  }
  return *a;
}

std::string parse_error(const std::string& list) {
  try {
    http::TrustedProxies::parse(list, "TRUSTED_PROXIES");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

std::string client_of(const std::vector<std::string_view>& lines,
                      const http::TrustedProxies& trusted) {
  const auto a = http::forwarded_client(lines, trusted);
  return a ? a->to_string() : "none";
}

TEST(TrustedProxies, ParsesAddressesAndRanges) {
  const auto t = http::TrustedProxies::parse(
      " 10.0.0.0/8,192.168.1.7 , 2001:db8::/32, ::1, 172.16.0.0/12", "TRUSTED_PROXIES");
  ASSERT_EQ(t.networks().size(), 5U);
  EXPECT_TRUE(t.contains(ip("10.0.0.0")));
  EXPECT_TRUE(t.contains(ip("10.255.255.255")));
  EXPECT_FALSE(t.contains(ip("11.0.0.0")));
  EXPECT_TRUE(t.contains(ip("192.168.1.7")));
  EXPECT_FALSE(t.contains(ip("192.168.1.8")));
  EXPECT_TRUE(t.contains(ip("172.31.255.255")));
  EXPECT_FALSE(t.contains(ip("172.32.0.0")));
  EXPECT_TRUE(t.contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(t.contains(ip("2001:db9::1")));
  EXPECT_TRUE(t.contains(ip("::1")));
  // A dual-stack listener reports IPv4 peers as IPv4-mapped IPv6.
  EXPECT_TRUE(t.contains(ip("::ffff:10.1.2.3")));
  EXPECT_FALSE(t.contains(ip("::2")));
}

TEST(TrustedProxies, PrefixesOfEveryLengthAndNone) {
  EXPECT_TRUE(http::TrustedProxies::parse("0.0.0.0/0", "X").contains(ip("203.0.113.9")));
  EXPECT_FALSE(http::TrustedProxies::parse("0.0.0.0/0", "X").contains(ip("2001:db8::1")));
  EXPECT_TRUE(http::TrustedProxies::parse("::/0", "X").contains(ip("2001:db8::1")));
  const auto t = http::TrustedProxies::parse("203.0.113.8/29, 2001:db8:0:2::/63", "X");
  EXPECT_FALSE(t.contains(ip("203.0.113.7")));
  EXPECT_TRUE(t.contains(ip("203.0.113.8")));
  EXPECT_TRUE(t.contains(ip("203.0.113.15")));
  EXPECT_FALSE(t.contains(ip("203.0.113.16")));
  EXPECT_FALSE(t.contains(ip("2001:db8:0:1:ffff:ffff:ffff:ffff")));
  EXPECT_TRUE(t.contains(ip("2001:db8:0:2::")));
  EXPECT_TRUE(t.contains(ip("2001:db8:0:3:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(t.contains(ip("2001:db8:0:4::")));
  EXPECT_TRUE(http::TrustedProxies::parse("", "X").empty());
  EXPECT_TRUE(http::TrustedProxies::parse("  ", "X").empty());
}

TEST(TrustedProxies, ABadEntryIsAConfigurationErrorNamingIt) {
  EXPECT_EQ(parse_error("10.0.0.0/8, proxy.internal"),
            "TRUSTED_PROXIES: 'proxy.internal' is not an IPv4 or IPv6 address or CIDR range");
  EXPECT_THAT(parse_error("10.0.0.0/33"), HasSubstr("'10.0.0.0/33' has an invalid prefix"));
  EXPECT_THAT(parse_error("2001:db8::/129"), HasSubstr("'2001:db8::/129'"));
  EXPECT_THAT(parse_error("10.0.0.0/"), HasSubstr("'10.0.0.0/'"));
  EXPECT_THAT(parse_error("10.0.0.0/08"), HasSubstr("'10.0.0.0/08'"));
  EXPECT_THAT(parse_error("10.0.0.0/8x"), HasSubstr("'10.0.0.0/8x'"));
  EXPECT_THAT(parse_error("10.0.0.0/-8"), HasSubstr("'10.0.0.0/-8'"));
  EXPECT_EQ(parse_error("10.0.0.1/8"),
            "TRUSTED_PROXIES: '10.0.0.1/8' has bits set past its /8 prefix (the range would be "
            "10.0.0.0/8)");
  EXPECT_THAT(parse_error("2001:db8::1/64"), HasSubstr("2001:db8::/64"));
  EXPECT_THAT(parse_error("10.0.0.1:8080"), HasSubstr("'10.0.0.1:8080'"));
  EXPECT_THAT(parse_error("[::1]"), HasSubstr("'[::1]'"));
  EXPECT_THAT(parse_error("fe80::1%eth0"), HasSubstr("'fe80::1%eth0'"));
  EXPECT_THAT(parse_error("010.0.0.1"), HasSubstr("'010.0.0.1'"));
  EXPECT_THAT(parse_error("10.0.1"), HasSubstr("'10.0.1'"));
  EXPECT_THAT(parse_error("10.0.0.1 10.0.0.2"), HasSubstr("'10.0.0.1 10.0.0.2'"));
  EXPECT_THAT(parse_error("::ffff:10.0.0.1"), HasSubstr("write the IPv4 form"));
  EXPECT_THAT(parse_error("10.0.0.1,"), HasSubstr("TRUSTED_PROXIES has an empty entry"));
  EXPECT_THAT(parse_error("10.0.0.1,,10.0.0.2"), HasSubstr("empty entry"));
}

TEST(TrustedProxies, LoopbackIsWhatTrustProxyAdds) {
  http::TrustedProxies t;
  t.add_loopback();
  EXPECT_TRUE(t.contains(ip("127.0.0.1")));
  EXPECT_TRUE(t.contains(ip("127.200.0.1")));
  EXPECT_TRUE(t.contains(ip("::1")));
  EXPECT_TRUE(t.contains(ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(t.contains(ip("10.0.0.1")));
  EXPECT_FALSE(t.contains(ip("::2")));
}

TEST(TrustedProxies, TrustProxyAddsLoopbackToTrustedProxiesAndServeReadsBoth) {
  const auto both = http::server_options(
      load_config_from({{"TRUST_PROXY", "true"}, {"TRUSTED_PROXIES", "10.0.0.0/8"}}));
  EXPECT_TRUE(both.trusted_proxies.contains(*http::parse_ip_address("10.1.1.1")));
  EXPECT_TRUE(both.trusted_proxies.contains(*http::parse_ip_address("127.0.0.1")));
  EXPECT_TRUE(both.trusted_proxies.contains(*http::parse_ip_address("::1")));
  const auto neither = http::server_options(load_config_from({}));
  EXPECT_TRUE(neither.trusted_proxies.empty());
  EXPECT_EQ(http::server_options(load_config_from({{"TRUSTED_PROXIES", "10.0.0.0/8, ::1"}}))
                .trusted_proxies.networks()
                .size(),
            2U);
  try {
    http::server_options(load_config_from({{"TRUSTED_PROXIES", "10.0.0.0/8, lb.internal"}}));
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "TRUSTED_PROXIES: 'lb.internal' is not an IPv4 or IPv6 address or CIDR range");
  }
}

TEST(RateLimitKey, IsTheAddressForIpv4AndTheSlash64ForIpv6) {
  EXPECT_EQ(http::rate_limit_key(ip("203.0.113.9")), "203.0.113.9");
  EXPECT_EQ(http::rate_limit_key(ip("::ffff:203.0.113.9")), "203.0.113.9");
  EXPECT_EQ(http::rate_limit_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), "2001:db8:1:2::/64");
  EXPECT_EQ(http::rate_limit_key(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
  EXPECT_EQ(http::rate_limit_key(ip("2001:db8:1:3::1")), "2001:db8:1:3::/64");
  EXPECT_EQ(http::rate_limit_key(ip("::1")), "::/64");
}

TEST(ForwardedClient, TheAddressTheTrustedProxySawWinsOverWhatTheClientWrote) {
  const auto t = http::TrustedProxies::parse("10.0.0.0/8", "X");
  // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
  EXPECT_EQ(client_of({"1.2.3.4, 203.0.113.9"}, t), "203.0.113.9");
  // The same from a proxy that adds a header line of its own instead of appending.
  EXPECT_EQ(client_of({"1.2.3.4", "203.0.113.9"}, t), "203.0.113.9");
  // A client who names a trusted proxy gains nothing: the real address is further right.
  EXPECT_EQ(client_of({"1.2.3.4, 10.9.9.9, 203.0.113.9"}, t), "203.0.113.9");
}

TEST(ForwardedClient, TwoProxyHops) {
  const auto t = http::TrustedProxies::parse("10.0.0.0/8, 192.168.0.0/16", "X");
  // CDN 192.168.5.5 saw the client 203.0.113.9; the load balancer 10.0.0.2 saw the CDN.
  EXPECT_EQ(client_of({"1.2.3.4, 203.0.113.9, 192.168.5.5"}, t), "203.0.113.9");
  EXPECT_EQ(client_of({"1.2.3.4, 203.0.113.9", "192.168.5.5"}, t), "203.0.113.9");
}

TEST(ForwardedClient, EntriesThatAreNotAddressesAreSkipped) {
  const auto t = http::TrustedProxies::parse("10.0.0.0/8", "X");
  EXPECT_EQ(client_of({"203.0.113.9, garbage, 1.2.3.4:8080, , [2001:db8::1], unknown"}, t),
            "203.0.113.9");
  EXPECT_EQ(client_of({"203.0.113.9,,", ""}, t), "203.0.113.9");
  EXPECT_EQ(client_of({"\t203.0.113.9 \t"}, t), "203.0.113.9");
  EXPECT_EQ(client_of({"garbage"}, t), "none");
  EXPECT_EQ(client_of({}, t), "none");
  EXPECT_EQ(client_of({"fe80::1%eth0"}, t), "none");
}

TEST(ForwardedClient, WhenEveryEntryIsTrustedTheLeftmostValidOne) {
  const auto t = http::TrustedProxies::parse("10.0.0.0/8", "X");
  EXPECT_EQ(client_of({"junk, 10.0.0.7, 10.0.0.8", "10.0.0.9"}, t), "10.0.0.7");
}

TEST(ForwardedClient, Ipv6AndMappedAddresses) {
  const auto t = http::TrustedProxies::parse("10.0.0.0/8, fd00::/8", "X");
  EXPECT_EQ(client_of({"2001:db8:1:2::a, fd00::5"}, t), "2001:db8:1:2::a");
  EXPECT_EQ(client_of({"::ffff:203.0.113.9"}, t), "203.0.113.9");
  EXPECT_EQ(client_of({"203.0.113.9, ::ffff:10.0.0.1"}, t), "203.0.113.9");
}

}  // namespace
}  // namespace microblog

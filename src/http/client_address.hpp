#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace microblog::http {

using IpAddress = boost::asio::ip::address;

// Parses one bare IPv4 or IPv6 address: no brackets, port, zone or surrounding text.
std::optional<IpAddress> parse_ip_address(std::string_view text);

// The form addresses are compared and shown in: an IPv4-mapped IPv6 address (::ffff:a.b.c.d,
// how a dual-stack listener reports an IPv4 peer) as the IPv4 address it stands for, so that
// one client has one spelling whichever socket it came through.
IpAddress normalized(const IpAddress& address);

// The key rate limits count a client under: the address itself for IPv4, its /64 for IPv6
// ("2001:db8:1:2::/64"). A single host or subscriber is routinely given a whole /64 and can
// use a fresh address from it for every request, so counting per IPv6 address limits nothing.
std::string rate_limit_key(const IpAddress& address);

// An address range: a base address and a prefix length ("10.0.0.0/8", "2001:db8::/32"); a
// single address is a range of full length.
struct IpNetwork {
  IpAddress base;
  unsigned prefix = 0;

  bool contains(const IpAddress& address) const;
};

// The proxies whose X-Forwarded-For, X-Forwarded-Proto and X-Request-Id are believed.
class TrustedProxies {
 public:
  // A comma-separated list of addresses and CIDR ranges. Whitespace around an entry is allowed;
  // anything else that is not exactly an address or a range (an empty entry, a host name, a
  // prefix too long, bits set past the prefix) is refused: a mistake here either trusts a
  // client's own claims or ignores the real proxy, and neither shows up until it matters.
  // Throws config::ConfigError naming `variable` and the entry.
  static TrustedProxies parse(std::string_view list, std::string_view variable);

  // 127.0.0.0/8 and ::1: what TRUST_PROXY=true has always meant in practice, a proxy on the
  // same machine.
  void add_loopback();

  bool contains(const IpAddress& address) const;
  bool empty() const { return networks_.empty(); }
  const std::vector<IpNetwork>& networks() const { return networks_; }

 private:
  std::vector<IpNetwork> networks_;
};

// The client a trusted proxy speaks for, from the X-Forwarded-For header lines in the order
// they came (their comma-separated entries taken together as one list): the rightmost entry
// that is not itself a trusted proxy. Each proxy appends the address it saw, so everything
// left of the first untrusted address from the right was written by the client and is not
// evidence. Entries that are not bare addresses (garbage, with a port, empty) are skipped. When
// every entry is a trusted proxy, the leftmost one; with no usable entry, nothing.
std::optional<IpAddress> forwarded_client(const std::vector<std::string_view>& forwarded_for,
                                          const TrustedProxies& trusted);

}  // namespace microblog::http

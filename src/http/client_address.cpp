#include "http/client_address.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "config/config.hpp"
#include "util/text.hpp"

namespace microblog::http {
namespace {

using Bytes = std::array<unsigned char, 16>;

// Both families as 16 bytes, IPv4 in the first four, so that one masking loop serves both.
Bytes bytes_of(const IpAddress& a) {
  Bytes out{};
  if (a.is_v4()) {
    const auto v4 = a.to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), out.begin());
  } else {
    out = a.to_v6().to_bytes();
  }
  return out;
}

bool same_prefix(const Bytes& a, const Bytes& b, unsigned prefix) {
  unsigned i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  if (prefix == 0) {
    return true;
  }
  const auto mask = static_cast<unsigned char>(0xFFU << (8 - prefix));
  return (a[i] & mask) == (b[i] & mask);
}

// The address with every bit past `prefix` cleared.
IpAddress masked(const IpAddress& a, unsigned prefix) {
  Bytes b = bytes_of(a);
  for (unsigned bit = prefix; bit < (a.is_v4() ? 32U : 128U); ++bit) {
    b[bit / 8] = static_cast<unsigned char>(b[bit / 8] & ~(0x80U >> (bit % 8)));
  }
  if (a.is_v4()) {
    return boost::asio::ip::make_address_v4(
        boost::asio::ip::address_v4::bytes_type{b[0], b[1], b[2], b[3]});
  }
  return boost::asio::ip::make_address_v6(b);
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// "0" to "128": digits only and no leading zero, so that one range has one spelling.
std::optional<unsigned> parse_prefix(std::string_view text) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

IpNetwork parse_network(std::string_view entry, std::string_view variable) {
  const auto fail = [&](std::string_view why) {
    return config::ConfigError(fmt::format("{}: '{}' {}", variable, entry, why));
  };
  const auto slash = entry.find('/');
  const auto address = parse_ip_address(entry.substr(0, slash));
  if (!address) {
    throw fail("is not an IPv4 or IPv6 address or CIDR range");
  }
  if (address->is_v6() && address->to_v6().is_v4_mapped()) {
    throw fail("is an IPv4-mapped IPv6 address: write the IPv4 form");
  }
  const unsigned length = address->is_v4() ? 32 : 128;
  IpNetwork network{*address, length};
  if (slash != std::string_view::npos) {
    const auto prefix = parse_prefix(entry.substr(slash + 1));
    if (!prefix || *prefix > length) {
      throw fail(fmt::format("has an invalid prefix length (0 to {})", length));
    }
    network.prefix = *prefix;
    // Bits past the prefix usually mean a typo in the prefix or the address; the range meant
    // cannot be told from the text.
    const IpAddress canonical = masked(*address, *prefix);
    if (canonical != *address) {
      throw fail(fmt::format("has bits set past its /{} prefix (the range would be {}/{})", *prefix,
                             canonical.to_string(), *prefix));
    }
  }
  return network;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  // The longest IPv6 text form is 45 characters; a zone ("%eth0") names an interface of this
  // machine, not a client.
  if (text.empty() || text.size() > 45 || text.find('%') != std::string_view::npos) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  const std::string s(text);
  const auto address = text.find(':') == std::string_view::npos
                           ? IpAddress(boost::asio::ip::make_address_v4(s, ec))
                           : IpAddress(boost::asio::ip::make_address_v6(s, ec));
  if (ec) {
    return std::nullopt;
  }
  return address;
}

IpAddress normalized(const IpAddress& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::string rate_limit_key(const IpAddress& address) {
  const IpAddress a = normalized(address);
  if (a.is_v4()) {
    return a.to_string();
  }
  return masked(a, 64).to_string() + "/64";
}

bool IpNetwork::contains(const IpAddress& address) const {
  const IpAddress a = normalized(address);
  if (a.is_v4() != base.is_v4()) {
    return false;
  }
  return same_prefix(bytes_of(a), bytes_of(base), prefix);
}

TrustedProxies TrustedProxies::parse(std::string_view list, std::string_view variable) {
  TrustedProxies out;
  if (util::trim(list).empty()) {
    return out;
  }
  for (;;) {
    const auto comma = list.find(',');
    const std::string_view entry = util::trim(list.substr(0, comma));
    if (entry.empty()) {
      throw config::ConfigError(fmt::format(
          "{} has an empty entry: separate addresses and ranges with single commas", variable));
    }
    out.networks_.push_back(parse_network(entry, variable));
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return out;
}

void TrustedProxies::add_loopback() {
  networks_.push_back({boost::asio::ip::make_address_v4("127.0.0.0"), 8});
  networks_.push_back({boost::asio::ip::address_v6::loopback(), 128});
}

bool TrustedProxies::contains(const IpAddress& address) const {
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const IpNetwork& n) { return n.contains(address); });
}

std::optional<IpAddress> forwarded_client(const std::vector<std::string_view>& forwarded_for,
                                          const TrustedProxies& trusted) {
  std::optional<IpAddress> leftmost;
  for (std::size_t line = forwarded_for.size(); line-- > 0;) {
    std::string_view rest = forwarded_for[line];
    for (;;) {
      const auto comma = rest.rfind(',');
      const std::string_view entry =
          trim_ows(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      if (const auto address = parse_ip_address(entry)) {
        const IpAddress a = normalized(*address);
        if (!trusted.contains(a)) {
          return a;
        }
        leftmost = a;
      }
      if (comma == std::string_view::npos) {
        break;
      }
      rest = rest.substr(0, comma);
    }
  }
  return leftmost;
}

}  // namespace microblog::http

#include "web/notification_since.hpp"

#include <charconv>
#include <cmath>

namespace microblog::web {
namespace {

// Past any date this site will see, and far below where microseconds overflow 64 bits.
constexpr double kMaxSeconds = 1e12;

}  // namespace

std::optional<util::Micros> notification_since(const http::Request& req) {
  const auto it = req.query().find("since");
  if (it == req.query().end()) {
    return 0;
  }
  const std::string& s = it->second;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) ||
      std::fabs(v) > kMaxSeconds) {
    return std::nullopt;
  }
  // Rounded, not truncated: a timestamp sent back must name its own microsecond, or the
  // notification it came from would be answered again.
  return std::llround(v * static_cast<double>(util::kMicrosPerSecond));
}

double seconds_of(util::Micros t) {
  return static_cast<double>(t) / static_cast<double>(util::kMicrosPerSecond);
}

}  // namespace microblog::web

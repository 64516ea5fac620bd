#include "util/time_format.hpp"

#include <ctime>

#include <fmt/format.h>

namespace microblog::util {
namespace {

std::tm to_utc_tm(Micros t) {
  std::time_t secs = static_cast<std::time_t>(t / kMicrosPerSecond);
  if (t < 0 && t % kMicrosPerSecond != 0) {
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

std::string format_tm(const std::tm& tm, const char* pattern) {
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

}  // namespace

std::string iso8601_utc(Micros t) {
  return format_tm(to_utc_tm(t), "%Y-%m-%dT%H:%M:%SZ");
}

std::string iso8601_utc_micros(Micros t) {
  long long frac = t % kMicrosPerSecond;
  if (frac < 0) {
    frac += kMicrosPerSecond;
  }
  return fmt::format("{}.{:06d}+00:00", format_tm(to_utc_tm(t), "%Y-%m-%dT%H:%M:%S"), frac);
}

std::string readable_utc(Micros t) {
  return format_tm(to_utc_tm(t), "%Y-%m-%d %H:%M UTC");
}

std::string rfc5322_date(Micros t) {
  return format_tm(to_utc_tm(t), "%a, %d %b %Y %H:%M:%S +0000");
}

}  // namespace microblog::util

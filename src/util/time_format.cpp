#include "util/time_format.hpp"

#include <array>
#include <chrono>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace microblog::util {
namespace {

// Calendar fields of a UTC instant, from std::chrono's civil calendar: no gmtime_r, whose
// time-zone lock every thread would contend for when a page formats 50 dates.
struct UtcFields {
  int year;
  unsigned month;
  unsigned day;
  unsigned weekday;  // 0 = Sunday
  long long hours;
  long long minutes;
  long long seconds;
  long long micros;
};

UtcFields fields(Micros t) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds{t}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss time{tp - day};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          weekday{day}.c_encoding(),
          time.hours().count(),
          time.minutes().count(),
          time.seconds().count(),
          time.subseconds().count()};
}

constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string iso8601_utc(Micros t) {
  const auto f = fields(t);
  return fmt::format(FMT_COMPILE("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z"), f.year, f.month,
                     f.day, f.hours, f.minutes, f.seconds);
}

std::string iso8601_utc_micros(Micros t) {
  const auto f = fields(t);
  return fmt::format(FMT_COMPILE("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:06d}+00:00"), f.year,
                     f.month, f.day, f.hours, f.minutes, f.seconds, f.micros);
}

std::string readable_utc(Micros t) {
  const auto f = fields(t);
  return fmt::format(FMT_COMPILE("{:04d}-{:02d}-{:02d} {:02d}:{:02d} UTC"), f.year, f.month, f.day,
                     f.hours, f.minutes);
}

std::string rfc5322_date(Micros t) {
  const auto f = fields(t);
  return fmt::format(FMT_COMPILE("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000"),
                     kWeekdays.at(f.weekday), f.day, kMonths.at(f.month - 1), f.year, f.hours,
                     f.minutes, f.seconds);
}

}  // namespace microblog::util

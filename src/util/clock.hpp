#pragma once

#include <chrono>
#include <cstdint>

namespace microblog::util {

// Microseconds since the Unix epoch, UTC: the one time unit stored in the database.
using Micros = long long;

inline Micros now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr Micros kMicrosPerSecond = 1'000'000;

constexpr Micros seconds(long long s) {
  return s * kMicrosPerSecond;
}

}  // namespace microblog::util

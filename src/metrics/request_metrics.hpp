#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "metrics/registry.hpp"

namespace microblog::metrics {

// Requests by route template (never the raw path, whose values are unbounded and may hold a
// secret), method and status, their latency, and how many are in flight. Every series of the
// site's routes exists from the start, so recording one request is a look-up in a map that no
// longer changes and three atomic adds.
class RequestMetrics {
 public:
  struct RouteKey {
    std::string method;   // "GET"
    std::string pattern;  // "/user/<username>"
  };
  RequestMetrics(Registry& registry, const std::vector<RouteKey>& routes);

  // `route` is the matched pattern, "" when none matched (then counted as route "none").
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  Gauge& in_flight() { return in_flight_; }

  // The statuses whose series are made up front; others are made on first use.
  static constexpr std::array<int, 22> kStatuses = {200, 201, 204, 301, 302, 303, 304, 400,
                                                    401, 403, 404, 405, 409, 410, 413, 415,
                                                    422, 429, 500, 502, 503, 504};

 private:
  struct Series {
    std::string method;
    std::string route;
    Histogram* latency = nullptr;
    std::array<Counter*, kStatuses.size()> by_status{};
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Series make(const std::string& method, const std::string& route);
  Series& unmatched(std::string_view method);
  Counter& other_status(const Series& s, int status);

  Registry& registry_;
  Gauge& in_flight_;
  // route -> one Series per method; filled in the constructor, read-only afterwards.
  std::unordered_map<std::string, std::vector<Series>, Hash, std::equal_to<>> routes_;
  // Requests no route matched, by method (a few verbs; "OTHER" for anything else).
  std::vector<Series> unmatched_;
};

}  // namespace microblog::metrics

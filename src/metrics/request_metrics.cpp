#include "metrics/request_metrics.hpp"

#include <algorithm>

namespace microblog::metrics {
namespace {

constexpr const char* kRequests = "microblog_http_requests_total";
constexpr const char* kRequestsHelp =
    "HTTP requests answered, by route template, method and status";
constexpr const char* kLatency = "microblog_http_request_duration_seconds";
constexpr const char* kLatencyHelp = "Time to answer an HTTP request, by route template and method";

// The methods a request that matched no route is counted under: anything else is "OTHER", so
// that a client cannot make up series.
constexpr std::array<std::string_view, 7> kMethods = {"GET",    "HEAD",    "POST", "PUT",
                                                      "DELETE", "OPTIONS", "PATCH"};

}  // namespace

RequestMetrics::RequestMetrics(Registry& registry, const std::vector<RouteKey>& routes)
    : registry_(registry),
      in_flight_(
          registry.gauge("microblog_http_requests_in_flight", "HTTP requests being answered now")) {
  for (const auto& r : routes) {
    routes_[r.pattern].push_back(make(r.method, r.pattern));
  }
  for (const auto m : kMethods) {
    unmatched_.push_back(make(std::string(m), "none"));
  }
  unmatched_.push_back(make("OTHER", "none"));
  registry_.omit_while_zero(kRequests);
  registry_.omit_while_zero(kLatency);
}

RequestMetrics::Series RequestMetrics::make(const std::string& method, const std::string& route) {
  Series s;
  s.method = method;
  s.route = route;
  const Labels labels = {{"route", route}, {"method", method}};
  s.latency = &registry_.histogram(kLatency, kLatencyHelp, labels, latency_buckets());
  for (std::size_t i = 0; i < kStatuses.size(); ++i) {
    s.by_status[i] = &registry_.counter(
        kRequests, kRequestsHelp,
        {{"route", route}, {"method", method}, {"status", std::to_string(kStatuses[i])}});
  }
  return s;
}

RequestMetrics::Series& RequestMetrics::unmatched(std::string_view method) {
  for (auto& s : unmatched_) {
    if (s.method == method) {
      return s;
    }
  }
  return unmatched_.back();  // OTHER
}

Counter& RequestMetrics::other_status(const Series& s, int status) {
  // Rare (a status none of the site's answers use often): the registry's lock is taken, once
  // per request of that kind. Statuses are the server's own, so their number stays small.
  return registry_.counter(
      kRequests, kRequestsHelp,
      {{"route", s.route}, {"method", s.method}, {"status", std::to_string(status)}});
}

void RequestMetrics::observe(std::string_view method, std::string_view route, int status,
                             double seconds) {
  Series* series = nullptr;
  if (!route.empty()) {
    if (const auto it = routes_.find(route); it != routes_.end()) {
      for (auto& s : it->second) {
        if (s.method == method) {
          series = &s;
          break;
        }
      }
    }
  }
  if (series == nullptr) {
    series = &unmatched(method);
  }
  series->latency->observe_seconds(seconds);
  const auto* at = std::find(kStatuses.begin(), kStatuses.end(), status);
  if (at != kStatuses.end()) {
    series->by_status[static_cast<std::size_t>(at - kStatuses.begin())]->inc();
  } else {
    other_status(*series, status).inc();
  }
}

}  // namespace microblog::metrics

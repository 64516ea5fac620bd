#pragma once

#include <string>

#include "metrics/registry.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// GET /metrics, the Prometheus text format, for whoever holds METRICS_TOKEN. Without a token
// configured the route does not exist (404): metrics say how busy and how large the site is,
// which is nobody else's business.
class MetricsHandlers {
 public:
  MetricsHandlers(metrics::Registry& registry, std::string token, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response scrape(Context& ctx);

  metrics::Registry& registry_;
  std::string token_;
  Views& views_;
};

// What the metrics listener (METRICS_LISTEN) answers: GET /metrics without a token, 405 to any
// other method there, and 404 to every other path. Plain text, no session, no page: the
// listener is for the monitoring network, which needs nothing else of the site.
http::Response metrics_listener_answer(metrics::Registry& registry, const http::Request& req);

}  // namespace microblog::web

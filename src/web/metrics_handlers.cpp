#include "web/metrics_handlers.hpp"

#include "http/authorization.hpp"
#include "util/crypto.hpp"

namespace microblog::web {

MetricsHandlers::MetricsHandlers(metrics::Registry& registry, std::string token, Views& views)
    : registry_(registry), token_(std::move(token)), views_(views) {}

void MetricsHandlers::register_routes(Routes& routes) {
  if (!token_.empty()) {
    routes.group("", kPublic).get("/metrics", [this](Context& c) { return scrape(c); });
  }
}

http::Response MetricsHandlers::scrape(Context& ctx) {
  const std::string_view presented = http::bearer_token(ctx.req);
  if (presented.empty() || !util::constant_time_equals(presented, token_)) {
    auto res = views_.error(ctx, http::Status::unauthorized,
                            ctx.t("This address needs the metrics token."));
    res.set(http::Field::www_authenticate, R"(Bearer realm="metrics")");
    return res;
  }
  auto res = http::typed_response(http::Status::ok, registry_.render(),
                                  "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::Field::cache_control, "no-store");
  return res;
}

}  // namespace microblog::web

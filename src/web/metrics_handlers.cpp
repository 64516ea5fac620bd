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

namespace {

http::Response metrics_page(metrics::Registry& registry) {
  auto res = http::typed_response(http::Status::ok, registry.render(),
                                  "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::Field::cache_control, "no-store");
  return res;
}

}  // namespace

http::Response metrics_listener_answer(metrics::Registry& registry, const http::Request& req) {
  if (req.path != "/metrics") {
    return http::make_response(http::Status::not_found, "Not Found\n", "text/plain; charset=utf-8");
  }
  if (req.method() != http::Verb::get) {
    auto res = http::make_response(http::Status::method_not_allowed, "Method Not Allowed\n",
                                   "text/plain; charset=utf-8");
    res.set(http::Field::allow, "GET");
    return res;
  }
  return metrics_page(registry);
}

http::Response MetricsHandlers::scrape(Context& ctx) {
  const std::string_view presented = http::bearer_token(ctx.req);
  if (presented.empty() || !util::constant_time_equals(presented, token_)) {
    auto res = views_.error(ctx, http::Status::unauthorized,
                            ctx.t("This address needs the metrics token."));
    res.set(http::Field::www_authenticate, R"(Bearer realm="metrics")");
    return res;
  }
  return metrics_page(registry_);
}

}  // namespace microblog::web

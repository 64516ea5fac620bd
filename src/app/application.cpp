#include "app/application.hpp"

#include "api/cors.hpp"
#include "util/clock.hpp"
#include "web/language_choice.hpp"
#include "web/middleware.hpp"

namespace microblog::app {
namespace {

// A site whose public address is https:// is served over HTTPS even where a request does not
// say so (a proxy that sets no X-Forwarded-Proto): its cookies and headers are HTTPS ones.
std::size_t page_cache_bytes(const config::Config& cfg) {
  return static_cast<std::size_t>(cfg.post_list_cache_mb) * 1024 * 1024;
}

bool https_site(const config::Config& cfg) {
  return cfg.base_url.rfind("https://", 0) == 0;
}

}  // namespace

Application::Application(config::Config config)
    : core_(std::move(config)),
      // The frames of readers' pages take an eighth more than the lists' budget (about 3.5 KB
      // each): taken from the posts, 1,000 readers' profiles no longer fit and were rendered
      // again and again (bench/readers.sh: 14,000 to 3,900 req/s).
      views_(core_.languages(), core_.sessions(), page_cache_bytes(core_.config()) / 8),
      post_lists_(core_.posts(), core_.recent_posts(), page_cache_bytes(core_.config()),
                  core_.metrics()),
      static_files_(core_.config().static_dir),
      system_handlers_(core_.health(), static_files_, core_.config().test_hold_dir),
      auth_handlers_(core_.accounts(), core_.sessions(), views_),
      password_reset_handlers_(core_.password_resets(), core_.sessions(), views_),
      profile_handlers_(core_.accounts(), core_.sessions(), post_lists_, views_),
      popup_handlers_(views_),
      home_handlers_(core_.sessions(), core_.posts(), post_lists_, views_),
      follow_handlers_(core_.accounts(), core_.sessions(), core_.follows(), views_),
      language_handlers_(core_.accounts(), core_.sessions(), views_, https_site(core_.config())),
      translate_handlers_(core_.translations(), views_),
      search_handlers_(core_.search(), post_lists_.fragments(), views_),
      message_handlers_(core_.messages(), core_.notifications(), core_.sessions(), views_),
      export_handlers_(core_.exports(), core_.sessions()),
      metrics_handlers_(core_.metrics(), core_.config().metrics_token, views_),
      api_token_handlers_(core_.api_tokens()),
      api_user_handlers_(core_.accounts(), core_.user_directory()),
      api_post_handlers_(core_.accounts(), core_.posts(), core_.search()),
      api_social_handlers_(core_.accounts(), core_.follows(), core_.messages(),
                           core_.notifications()),
      api_docs_handlers_(core_.config().static_dir),
      dispatcher_(routes_, core_.sessions(), core_.accounts(), core_.posts(), core_.messages(),
                  core_.exports(), core_.api_tokens(), core_.api_limits(), views_,
                  core_.languages(), https_site(core_.config())) {
  // The first group of a prefix answers the paths under it that no route matches: the site's
  // pages (with the visitor's session), and JSON for the API.
  routes_.group("", web::kPages);
  routes_.group("/api", web::kApi);
  system_handlers_.register_routes(routes_);
  auth_handlers_.register_routes(routes_);
  password_reset_handlers_.register_routes(routes_);
  profile_handlers_.register_routes(routes_);
  popup_handlers_.register_routes(routes_);
  home_handlers_.register_routes(routes_);
  follow_handlers_.register_routes(routes_);
  language_handlers_.register_routes(routes_);
  translate_handlers_.register_routes(routes_);
  search_handlers_.register_routes(routes_);
  message_handlers_.register_routes(routes_);
  export_handlers_.register_routes(routes_);
  metrics_handlers_.register_routes(routes_);
  api_token_handlers_.register_routes(routes_);
  api_user_handlers_.register_routes(routes_);
  api_post_handlers_.register_routes(routes_);
  api_social_handlers_.register_routes(routes_);
  api_docs_handlers_.register_routes(routes_);
  std::vector<metrics::RequestMetrics::RouteKey> route_keys;
  for (const auto& r : routes_.router().routes()) {
    route_keys.push_back({std::string(http::beast_http::to_string(r.method)), r.pattern.text()});
  }
  request_metrics_ = std::make_unique<metrics::RequestMetrics>(core_.metrics(), route_keys);

  pipeline_.use(web::request_metrics(*request_metrics_));
  pipeline_.use(web::request_log());
  pipeline_.use(
      web::error_guard(views_, routes_, [this](const http::Request& req, const std::string& what) {
        core_.error_reporter().report({req.request_id, std::string(req.raw.method_string()),
                                       req.route, web::loggable_path(req), what},
                                      util::now_micros());
      }));
  pipeline_.use(web::security_headers(https_site(core_.config())));
  pipeline_.use(api::cors(routes_, core_.config().cors_origins));
  pipeline_.set_endpoint([this](http::Request& req) { return dispatcher_.dispatch(req); });
}

http::Response Application::handle(http::Request& req) {
  return pipeline_.handle(req);
}

http::Response Application::metrics_listener(const http::Request& req) {
  return web::metrics_listener_answer(core_.metrics(), req);
}

void Application::count_connections(const http::Server& server) {
  core_.metrics().gauge_callback(
      "microblog_http_connections_open", "HTTP connections accepted and not yet closed", {},
      [&server] { return static_cast<double>(server.open_connections()); });
}

http::Response Application::server_error_page(http::Status status, const http::Request& req) {
  http::Request copy;
  copy.raw.base() = req.raw.base();
  copy.path = req.path;
  copy.client_ip = req.client_ip;
  copy.client_key = req.client_key;
  copy.secure = req.secure;
  copy.from_trusted_proxy = req.from_trusted_proxy;
  // Logged and answered like any other request, without a session.
  return web::request_log()(copy, [&](http::Request& r) {
    return web::security_headers(https_site(core_.config()))(r, [&](http::Request& r2) {
      web::Context ctx(r2, routes_.fallback_policy(r2.path),
                       web::visitor_language(core_.languages(), r2));
      return views_.error(ctx, status);
    });
  });
}

}  // namespace microblog::app

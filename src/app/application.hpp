#pragma once

#include <memory>
#include <ostream>

#include "api/docs_handlers.hpp"
#include "api/post_handlers.hpp"
#include "api/social_handlers.hpp"
#include "api/token_handlers.hpp"
#include "api/user_handlers.hpp"
#include "app/core.hpp"
#include "config/config.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "metrics/request_metrics.hpp"
#include "web/auth_handlers.hpp"
#include "web/cached_post_lists.hpp"
#include "web/dispatcher.hpp"
#include "web/export_handlers.hpp"
#include "web/follow_handlers.hpp"
#include "web/home_handlers.hpp"
#include "web/language_handlers.hpp"
#include "web/message_handlers.hpp"
#include "web/metrics_handlers.hpp"
#include "web/password_reset_handlers.hpp"
#include "web/popup_handlers.hpp"
#include "web/profile_handlers.hpp"
#include "web/routes.hpp"
#include "web/search_handlers.hpp"
#include "web/system_handlers.hpp"
#include "web/translate_handlers.hpp"
#include "web/views.hpp"

namespace microblog::app {

// The web application on top of the core: views, handlers, routes and the middleware chain;
// everything `serve` runs, and what the HTTP-level tests start on a free port.
class Application {
 public:
  // Throws as Core does.
  explicit Application(config::Config config);

  http::Response handle(http::Request& req);
  // For requests the server answers itself (too large, malformed, too slow).
  http::Response server_error_page(http::Status status, const http::Request& req);

  // The metrics listener's answers (METRICS_LISTEN): /metrics without a token, else 404.
  http::Response metrics_listener(const http::Request& req);
  // Shows `server`'s open connections as microblog_http_connections_open. Once, with the
  // server that serves this application; `server` must outlive every scrape.
  void count_connections(const http::Server& server);

  // `microblog routes`: every route with its method and policy.
  void print_routes(std::ostream& out) const { routes_.print(out); }
  // The route table itself, for checks that must cover every route (the CSRF tests).
  const web::Routes& routes() const { return routes_; }

  Core& core() { return core_; }
  const config::Config& config() const { return core_.config(); }
  db::Database& database() { return core_.database(); }
  services::AccountService& accounts() { return core_.accounts(); }
  services::SessionService& sessions() { return core_.sessions(); }
  services::PostService& posts() { return core_.posts(); }
  services::FollowService& follows() { return core_.follows(); }
  services::TranslationService& translations() { return core_.translations(); }
  jobs::Runner& jobs() { return core_.jobs(); }
  mail::Transport& mail_transport() { return core_.mail_transport(); }
  // The rendered lists and posts kept in memory (their counters show what a request reused).
  web::CachedPostLists& post_lists() { return post_lists_; }
  web::Views& views() { return views_; }

 private:
  Core core_;
  web::Views views_;
  web::CachedPostLists post_lists_;
  http::StaticFiles static_files_;
  web::SystemHandlers system_handlers_;
  web::AuthHandlers auth_handlers_;
  web::PasswordResetHandlers password_reset_handlers_;
  web::ProfileHandlers profile_handlers_;
  web::PopupHandlers popup_handlers_;
  web::HomeHandlers home_handlers_;
  web::FollowHandlers follow_handlers_;
  web::LanguageHandlers language_handlers_;
  web::TranslateHandlers translate_handlers_;
  web::SearchHandlers search_handlers_;
  web::MessageHandlers message_handlers_;
  web::ExportHandlers export_handlers_;
  web::MetricsHandlers metrics_handlers_;
  api::TokenHandlers api_token_handlers_;
  api::UserHandlers api_user_handlers_;
  api::PostHandlers api_post_handlers_;
  api::SocialHandlers api_social_handlers_;
  api::DocsHandlers api_docs_handlers_;
  web::Routes routes_;
  web::Dispatcher dispatcher_;
  // Made once every route is registered: it has a series for each.
  std::unique_ptr<metrics::RequestMetrics> request_metrics_;
  http::Pipeline pipeline_;
};

}  // namespace microblog::app

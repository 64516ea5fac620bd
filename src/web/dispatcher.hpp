#pragma once

#include "http/message.hpp"
#include "services/account_service.hpp"
#include "services/api_rate_limiter.hpp"
#include "services/api_token_service.hpp"
#include "services/export_service.hpp"
#include "services/message_service.hpp"
#include "services/post_service.hpp"
#include "services/session_service.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// Matches a request to its route once and applies the route's policy before the handler runs:
// loads and saves the session, refuses a state-changing request without its CSRF token, sends
// visitors who may not use the route elsewhere, and answers 404/405 in the format of the path's
// group. Handlers then only parse and render.
class Dispatcher {
 public:
  // `https_site`: BASE_URL is https://, so every answer is meant for HTTPS whatever the
  // request says (a proxy that does not tell, a test over plain HTTP).
  Dispatcher(const Routes& routes, services::SessionService& sessions,
             services::AccountService& accounts, services::PostService& posts,
             services::MessageService& messages, services::ExportService& exports,
             services::ApiTokenService& tokens, services::ApiRateLimiter& api_limits, Views& views,
             const i18n::Languages& languages, bool https_site);

  // What a 401 of the API asks for: a bearer token (the original's realm).
  static constexpr const char* kBearerChallenge = "Bearer realm=\"Authentication Required\"";

  http::Response dispatch(http::Request& req);

 private:
  // Loads the session, runs `handler`, stores what changed and sets the cookie when due.
  http::Response with_session(Context& ctx, const Handler& handler);
  // The CSRF and access rules of the route's policy, then the handler.
  http::Response checked(Context& ctx, const Handler& handler);
  // The API's rule: the bearer token's holder, if the token is valid, the request limits per
  // address and token (X-RateLimit-* on every answer), then the access rule.
  http::Response with_token(Context& ctx, const Handler& handler);
  // Counts the request against the API's limits (for `token` only when its `holder` is known)
  // and runs the handler, or answers 429 past a limit; either way with X-RateLimit-* headers.
  http::Response limited(Context& ctx, std::string_view token, Id holder, const Handler& handler);
  // Runs the handler; a service at capacity (services::Busy) is answered 503 with Retry-After.
  http::Response guarded(Context& ctx, const Handler& handler);
  http::Response no_route(http::Request& req, bool path_known, const std::string& allowed);
  // Whether this request is served over HTTPS, which names the session cookie.
  bool https(const http::Request& req) const { return https_site_ || req.secure; }

  const Routes& routes_;
  services::SessionService& sessions_;
  services::ApiTokenService& tokens_;
  services::ApiRateLimiter& api_limits_;
  services::AccountService& accounts_;
  services::PostService& posts_;
  services::MessageService& messages_;
  services::ExportService& exports_;
  Views& views_;
  const i18n::Languages& languages_;
  bool https_site_;
};

}  // namespace microblog::web

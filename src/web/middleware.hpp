#pragma once

#include <functional>
#include <string>

#include "http/pipeline.hpp"
#include "services/account_service.hpp"
#include "services/session_service.hpp"
#include "web/views.hpp"

namespace microblog::web {

// Gives every request an id (echoed in X-Request-Id) and writes one access-log line for it.
http::Middleware request_log(bool trust_incoming_id);

// Turns an exception escaping a handler into a 500 page (or 503 when the database is away),
// logged with the request id; `on_error` is told about it (error mails).
using ErrorListener = std::function<void(const http::Request&, const std::string& what)>;
http::Middleware error_guard(Views& views, ErrorListener on_error);

// CSP, nosniff, Referrer-Policy, frame-ancestors; HSTS when the request came over TLS.
http::Middleware security_headers();

// Loads the visitor's session before the handler and stores what changed after it.
http::Middleware session_middleware(services::SessionService& sessions,
                                    services::AccountService& accounts);

// Refuses a state-changing request without the session's CSRF token (form field csrf_token
// or header X-CSRF-Token) with 403 before any handler runs. The token-authenticated /api/
// is exempt: it never reads the session cookie.
// Requests for no route pass through untouched, so they get their 404 or 405.
http::Middleware csrf_protection(services::SessionService& sessions, Views& views,
                                 const http::Router& router);

}  // namespace microblog::web

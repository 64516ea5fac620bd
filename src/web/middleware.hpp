#pragma once

#include <functional>
#include <string>

#include "http/pipeline.hpp"
#include "metrics/request_metrics.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// Gives every request an id (echoed in X-Request-Id) and writes one access-log line for it.
// The id a trusted proxy sent is kept, so that its logs and ours can be joined; anyone else's
// is replaced, or a client could write what it likes into our logs under a request id.
http::Middleware request_log();

// The request's path as logs and error mails may show it. Where a route matched, each segment
// its pattern names "<token>" (kSecretParam) is shown as "<token>", e.g.
// "/auth/reset_password/<token>"; the other segments are the path's. Where none matched, a
// segment that could be a token (16 or more URL-safe base64 characters) is "<redacted>".
std::string loggable_path(const http::Request& req);

// Turns an exception escaping a handler into a 500 answer (or 503 when the database is away),
// logged with the request id, in the error format of the path's route group; `on_error` is
// told about it (error mails).
using ErrorListener = std::function<void(const http::Request&, const std::string& what)>;
http::Middleware error_guard(Views& views, const Routes& routes, ErrorListener on_error);

// Counts every request by route template, method and status, with its latency and the number
// in flight (metrics::RequestMetrics): the first middleware, so that the time is all of it.
http::Middleware request_metrics(metrics::RequestMetrics& metrics);

// CSP, nosniff, Referrer-Policy, frame-ancestors; HSTS when the request came over TLS or
// `https_site` (BASE_URL is https://).
http::Middleware security_headers(bool https_site);

}  // namespace microblog::web

#include "web/middleware.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include <fmt/compile.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/router.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"
#include "util/time_format.hpp"
#include "util/unavailable.hpp"
#include "web/language_choice.hpp"

namespace microblog::web {
namespace {

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Request ids need to be unique, not secret: a random prefix drawn once per process and a
// counter, instead of a call to the system's random source on every request.
std::string next_request_id() {
  static const std::string prefix = util::random_token().substr(0, 10);
  static std::atomic<unsigned long long> counter{0};
  return fmt::format(FMT_COMPILE("{}{:012x}"), prefix,
                     counter.fetch_add(1, std::memory_order_relaxed));
}

bool could_be_token(std::string_view segment) {
  if (segment.size() < 16) {
    return false;
  }
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

std::string loggable_path(const http::Request& req) {
  static const std::string secret = "<" + std::string(kSecretParam) + ">";
  if (!req.route.empty() && req.route.find(secret) == std::string::npos) {
    return req.path;  // the common case: a route without a secret, the path as it came
  }
  const auto parts = http::split_path(req.path);
  if (parts.empty()) {
    return req.path;  // not an origin-form path ("*", an absolute URL): nothing to cut up
  }
  const auto pattern = http::split_path(req.route);
  std::string out;
  out.reserve(req.path.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += '/';
    if (!req.route.empty()) {
      out += i < pattern.size() && pattern[i] == secret ? std::string_view(secret) : parts[i];
    } else {
      out += could_be_token(parts[i]) ? std::string_view("<redacted>") : parts[i];
    }
  }
  return out;
}

http::Middleware request_metrics(metrics::RequestMetrics& metrics) {
  return [&metrics](http::Request& req, const http::Next& next) {
    const auto started = std::chrono::steady_clock::now();
    metrics.in_flight().add(1);
    // Decremented however the request ends: error_guard turns exceptions into answers further
    // in, but a failure to build the answer itself must not leave the gauge one too high.
    struct Leaving {
      metrics::Gauge& gauge;
      ~Leaving() { gauge.add(-1); }
    } leaving{metrics.in_flight()};
    http::Response res = next(req);
    metrics.observe(
        std::string_view(req.raw.method_string()), req.route, res.result_int(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return res;
  };
}

http::Middleware request_log() {
  auto log = spdlog::get("access");
  return [log](http::Request& req, const http::Next& next) {
    const auto started = std::chrono::steady_clock::now();
    const std::string_view incoming = req.header("X-Request-Id");
    req.request_id = req.from_trusted_proxy && acceptable_request_id(incoming)
                         ? std::string(incoming)
                         : next_request_id();
    http::Response res = next(req);
    res.set("X-Request-Id", req.request_id);
    if (log) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      // Formatted directly rather than through a json object, with the format compiled in:
      // one line per request, and building and parsing cost more than the rest of the line
      // (perf, docs/performance.md). The request id (checked or ours) and the method (an HTTP
      // token) need no escaping; the path, the address (X-Forwarded-For behind a proxy) and
      // the user agent are the client's. The path is the loggable one: a reset link's token
      // must not reach log storage, where more people read than could reset passwords.
      // The user id is the session's or the token's holder's (null when nobody signed in):
      // which account a request acted for, never anything that would let one act as it.
      const std::string user =
          req.user_id != 0 ? fmt::format(FMT_COMPILE("{}"), req.user_id) : std::string("null");
      const std::string line = fmt::format(
          FMT_COMPILE(R"({{"time":"{}","level":"info","msg":"request","request_id":"{}",)"
                      R"("method":"{}","path":{},"route":{},"status":{},"duration_ms":{:.3f},)"
                      R"("user_id":{},"bytes":{},"ip":{},"user_agent":{}}})"),
          util::iso8601_utc_micros(util::now_micros()), req.request_id,
          std::string_view(req.raw.method_string()), util::json_string_literal(loggable_path(req)),
          util::json_string_literal(req.route), res.result_int(), ms, user, res.body().size(),
          util::json_string_literal(req.client_ip),
          util::json_string_literal(req.header(http::Field::user_agent).substr(0, 200)));
      log->info(std::string_view(line));
    }
    return res;
  };
}

http::Middleware error_guard(Views& views, const Routes& routes, ErrorListener on_error) {
  return [&views, &routes, on_error = std::move(on_error)](http::Request& req,
                                                           const http::Next& next) {
    std::string what;
    http::Status status = http::Status::internal_server_error;
    try {
      return next(req);
    } catch (const util::Unavailable& e) {
      what = e.what();
      status = http::Status::service_unavailable;
    } catch (const std::exception& e) {
      what = e.what();
    }
    spdlog::error("request {} {} {} failed: {}", req.request_id,
                  std::string(req.raw.method_string()), loggable_path(req), what);
    if (on_error) {
      on_error(req, what);
    }
    try {
      Context ctx(req, routes.fallback_policy(req.path), visitor_language(views.languages(), req));
      return views.error(ctx, status);
    } catch (const std::exception& e) {
      spdlog::error("error page failed too: {}", e.what());
      return http::make_response(status, "Internal Server Error\n", "text/plain; charset=utf-8");
    }
  };
}

http::Middleware security_headers(bool https_site) {
  return [https_site](http::Request& req, const http::Next& next) {
    http::Response res = next(req);
    res.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' https://www.gravatar.com data:; "
            "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (req.secure || https_site) {
      res.set(http::Field::strict_transport_security, "max-age=31536000; includeSubDomains");
    }
    return res;
  };
}

}  // namespace microblog::web

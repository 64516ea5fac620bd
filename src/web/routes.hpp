#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "http/router.hpp"

namespace microblog::web {

class Context;
using Handler = std::function<http::Response(Context&)>;

// How a route's caller is identified.
enum class Auth {
  none,     // nobody: probes and static files, no session is read or written
  session,  // the session cookie; every state-changing request must carry its CSRF token
  bearer,   // an API token in Authorization: Bearer (the /api group); no cookie, no CSRF
};

// Who may use a route; the dispatcher enforces it before the handler runs.
enum class Access {
  anyone,
  signed_in,   // others are sent to the sign-in page (pages) or answered 401 (API)
  signed_out,  // a signed-in visitor is sent on to `next` or the home page
};

enum class ErrorFormat { html, json };

// What the session's statement reads along with it for a route (Auth::session), so that the
// handler needs no round trip of its own (docs/performance.md, "Round trips per page").
enum class ReadWithSession {
  nothing,
  profile,  // the user named by the path's <username> (Context::profile)
};

struct Policy {
  Auth auth = Auth::session;
  Access access = Access::anyone;
  ErrorFormat errors = ErrorFormat::html;
  ReadWithSession with_session = ReadWithSession::nothing;
};

// "session signed-in csrf html": what `microblog routes` prints for a policy.
std::string describe(const Policy& policy);

// The policies the site's route groups use.
inline constexpr Policy kPublic{Auth::none, Access::anyone, ErrorFormat::html};
inline constexpr Policy kPages{Auth::session, Access::anyone, ErrorFormat::html};
inline constexpr Policy kSignedInPages{Auth::session, Access::signed_in, ErrorFormat::html};
inline constexpr Policy kSignedOutPages{Auth::session, Access::signed_out, ErrorFormat::html};
// Session routes called by the page's own script (fetch with X-CSRF-Token): JSON in and out,
// and a visitor who is not signed in gets 401 rather than a redirect to the sign-in page.
inline constexpr Policy kSignedInJson{Auth::session, Access::signed_in, ErrorFormat::json};
inline constexpr Policy kApi{Auth::bearer, Access::signed_in, ErrorFormat::json};

// A path parameter of this name holds a secret (the mailed password-reset token): logs and
// error mails show "<token>", never its value (loggable_path in web/middleware.hpp). Give any
// other secret that must travel in a path the same name.
inline constexpr std::string_view kSecretParam = "token";

struct Route {
  Policy policy;
  Handler handler;
};

using Router = http::Router<Route>;

class RouteGroup;

// Every route of the application, registered by groups that share a path prefix and a policy.
class Routes {
 public:
  // A group under `prefix` ("" for the site root). Paths under it that no route matches are
  // answered 404/405 by the policy of the first group registered with that prefix (JSON errors
  // for the API, pages for the site).
  RouteGroup group(std::string prefix, Policy policy);

  const Router& router() const { return router_; }
  // The policy of the longest group prefix that covers `path`.
  const Policy& fallback_policy(std::string_view path) const;

  // One line per route: method, pattern, policy.
  void print(std::ostream& out) const;

 private:
  friend class RouteGroup;
  struct Group {
    std::string prefix;
    Policy policy;
  };
  Router router_;
  std::vector<Group> groups_;
  Policy default_policy_;
};

class RouteGroup {
 public:
  RouteGroup(Routes& routes, std::string prefix, Policy policy)
      : routes_(routes), prefix_(std::move(prefix)), policy_(policy) {}

  RouteGroup& get(const std::string& path, Handler handler) {
    return add(http::Verb::get, path, std::move(handler));
  }
  RouteGroup& post(const std::string& path, Handler handler) {
    return add(http::Verb::post, path, std::move(handler));
  }
  RouteGroup& add(http::Verb method, const std::string& path, Handler handler);

  // The same prefix with another access rule, for the routes added through the copy.
  RouteGroup with(Access access) const;
  // The same prefix and rule, with something read with the session for the routes added through
  // the copy.
  RouteGroup with(ReadWithSession read) const;

 private:
  Routes& routes_;
  std::string prefix_;
  Policy policy_;
};

}  // namespace microblog::web

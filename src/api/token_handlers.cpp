#include "api/token_handlers.hpp"

#include "api/answers.hpp"
#include "http/authorization.hpp"

namespace microblog::api {

void TokenHandlers::register_routes(web::Routes& routes) {
  auto api = routes.group("/api", web::kApi);
  // Whoever asks for a token has none yet: the Basic credentials are the handler's to check.
  api.with(web::Access::anyone).post("/tokens", [this](web::Context& c) { return issue(c); });
  api.add(http::Verb::delete_, "/tokens", [this](web::Context& c) { return revoke(c); });
}

http::Response TokenHandlers::issue(web::Context& ctx) {
  const auto credentials = http::basic_credentials(ctx.req);
  if (!credentials) {
    return unauthorized(kBasicChallenge, "HTTP Basic credentials (username and password) needed");
  }
  // The login throttle counts failures per address and per account, as for the sign-in form.
  const auto grant =
      tokens_.issue(credentials->username, credentials->password, ctx.req.client_key);
  switch (grant.kind) {
    case services::TokenGrant::Kind::ok:
      ctx.req.user_id = grant.user_id;  // the access log's: the Basic credentials were theirs
      return json(http::Status::ok, {{"token", grant.token}});
    case services::TokenGrant::Kind::throttled:
      return too_many_requests(grant.retry_after_seconds,
                               "too many failed attempts: try again later");
    case services::TokenGrant::Kind::invalid:
      break;
  }
  return unauthorized(kBasicChallenge, "invalid username or password");
}

http::Response TokenHandlers::revoke(web::Context& ctx) {
  tokens_.revoke(http::bearer_token(ctx.req));
  return no_content();
}

}  // namespace microblog::api

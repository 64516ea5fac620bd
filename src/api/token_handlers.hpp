#pragma once

#include "http/message.hpp"
#include "services/api_token_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// POST /api/tokens (HTTP Basic: a new bearer token) and DELETE /api/tokens (revokes the one
// presented).
class TokenHandlers {
 public:
  explicit TokenHandlers(services::ApiTokenService& tokens) : tokens_(tokens) {}

  void register_routes(web::Routes& routes);

 private:
  http::Response issue(web::Context& ctx);
  http::Response revoke(web::Context& ctx);

  services::ApiTokenService& tokens_;
};

}  // namespace microblog::api

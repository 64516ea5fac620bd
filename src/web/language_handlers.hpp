#pragma once

#include "services/account_service.hpp"
#include "services/session_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// POST /language: the navbar's language selector, for everyone. Keeps the choice in the `lang`
// cookie and, for a signed-in user, in their profile (so it follows them to other browsers),
// then sends the visitor back to the page they were on.
class LanguageHandlers {
 public:
  LanguageHandlers(services::AccountService& accounts, services::SessionService& sessions,
                   Views& views, bool https_site);
  void register_routes(Routes& routes);

 private:
  http::Response choose(Context& ctx);

  services::AccountService& accounts_;
  services::SessionService& sessions_;
  Views& views_;
  bool https_site_;
};

}  // namespace microblog::web

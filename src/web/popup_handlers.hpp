#pragma once

#include "services/account_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// GET /user/<username>/popup: the small card static/js/popups.js shows next to a post's author,
// an HTML fragment without the page around it.
class PopupHandlers {
 public:
  PopupHandlers(services::AccountService& accounts, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response popup(Context& ctx);

  services::AccountService& accounts_;
  Views& views_;
};

}  // namespace microblog::web

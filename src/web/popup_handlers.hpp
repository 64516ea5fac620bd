#pragma once

#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// GET /user/<username>/popup: the small card static/js/popups.js shows next to a post's author,
// an HTML fragment without the page around it.
class PopupHandlers {
 public:
  explicit PopupHandlers(Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response popup(Context& ctx);

  Views& views_;
};

}  // namespace microblog::web

#pragma once

#include "services/search_service.hpp"
#include "web/context.hpp"
#include "web/post_fragments.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// GET /search?q=...: the posts that hold every word of q (docs/search.md), as explore lists
// them, with pagination links that keep q.
class SearchHandlers {
 public:
  SearchHandlers(services::SearchService& search, PostFragments& fragments, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response search(Context& ctx);

  services::SearchService& search_;
  PostFragments& fragments_;
  Views& views_;
};

}  // namespace microblog::web

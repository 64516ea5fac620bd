#include "web/search_handlers.hpp"

#include "util/text.hpp"
#include "web/post_list.hpp"

namespace microblog::web {

SearchHandlers::SearchHandlers(services::SearchService& search, PostFragments& fragments,
                               Views& views)
    : search_(search), fragments_(fragments), views_(views) {}

void SearchHandlers::register_routes(Routes& routes) {
  // Who may search is who may explore: signed-in visitors.
  routes.group("", kSignedInPages).get("/search", [this](Context& c) { return search(c); });
}

http::Response SearchHandlers::search(Context& ctx) {
  const auto& params = ctx.req.query();
  const auto it = params.find("q");
  std::string query = it == params.end() ? std::string() : it->second;
  if (!util::is_valid_utf8(query)) {
    // Invalid bytes separate words anyway; the box shows nothing rather than mangled text.
    query.clear();
  }
  const auto result = search_.search(query, page_request(ctx.req));
  return views_.page(ctx, http::Status::ok, ctx.t("Search"), "search.tpl", [&](Dictionary& d) {
    d.SetValue("QUERY", query);
    if (result.outcome == services::SearchResult::Outcome::no_words) {
      d.ShowSection(util::trim(query).empty() ? "NO_QUERY" : "NO_WORDS");
      return;
    }
    if (result.outcome == services::SearchResult::Outcome::too_slow) {
      d.ShowSection("TOO_SLOW");
      return;
    }
    d.ShowSection("RESULTS_HEADING");
    const auto& page = result.page;
    if (page.rows.empty() && !page.newer_after && !page.older_before) {
      d.ShowSection("NO_RESULTS");
      return;
    }
    // The same rendering as explore's list; its page links carry q, percent-encoded.
    d.SetValue("POSTS_HTML",
               render_post_list(ctx.language(), page,
                                "/search?q=" + http::encode_query_value(query), fragments_));
  });
}

}  // namespace microblog::web

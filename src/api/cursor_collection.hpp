#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "services/pagination.hpp"

namespace microblog::api {

// ?before=ID, ?after=ID or ?page=N of a list of posts or messages: those lists are paged by
// keyset, as the site's pages are, so that a page costs the same however long the list, and
// rows written while a client pages never repeat or go missing. Nothing when a value is not a
// whole number in range (the handler answers 400).
std::optional<services::PageRequest> cursor_query(const http::Request& req);
std::string cursor_query_problem();

// {"items", "_meta": {"per_page"}, "_links": {"self", "next", "prev"}}: next is the older page
// (?before=), prev the newer one (?after=), null where there is none. `extra_query` ("q=x&")
// goes first in each link.
template <typename Row>
nlohmann::json cursor_collection(nlohmann::json items, const services::Page<Row>& page,
                                 int per_page, const std::string& self, const std::string& path,
                                 const std::string& extra_query = {});

// The path and query of the request itself, for "self".
std::string self_link(const http::Request& req);

namespace detail {
nlohmann::json cursor_links(const std::optional<long long>& newer_after,
                            const std::optional<long long>& older_before, const std::string& self,
                            const std::string& path, const std::string& extra_query);
}  // namespace detail

template <typename Row>
nlohmann::json cursor_collection(nlohmann::json items, const services::Page<Row>& page,
                                 int per_page, const std::string& self, const std::string& path,
                                 const std::string& extra_query) {
  return {{"items", std::move(items)},
          {"_meta", {{"per_page", per_page}}},
          {"_links",
           detail::cursor_links(page.newer_after, page.older_before, self, path, extra_query)}};
}

}  // namespace microblog::api

#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace microblog::api {

// ?page=N&per_page=M of a collection: page from 1 (default 1), per_page 1 to 100 (default 10;
// more is served as 100, as the original does).
struct PageQuery {
  long long page = 1;
  int per_page = 10;

  static constexpr int kDefaultPerPage = 10;
  static constexpr int kMaxPerPage = 100;
  static constexpr long long kMaxPage = 1'000'000;
};

// Nothing when page or per_page is not a positive whole number (or page is past kMaxPage): the
// handler answers 400.
std::optional<PageQuery> page_query(const http::Request& req);
std::string page_query_problem();

// The original's collection: {"items", "_meta": {page, per_page, total_pages, total_items},
// "_links": {self, next, prev}}, the links being `path` with the page's query (null where there
// is no such page). `extra_query` ("q=word&") goes before page= in every link.
nlohmann::json collection(nlohmann::json items, const PageQuery& query, long long total_items,
                          const std::string& path, const std::string& extra_query = {});

}  // namespace microblog::api

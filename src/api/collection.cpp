#include "api/collection.hpp"

#include <charconv>

namespace microblog::api {
namespace {

// A positive whole number, or nothing.
std::optional<long long> positive(const std::string& s) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<PageQuery> page_query(const http::Request& req) {
  PageQuery q;
  if (const auto it = req.query().find("page"); it != req.query().end()) {
    const auto v = positive(it->second);
    if (!v || *v > PageQuery::kMaxPage) {
      return std::nullopt;
    }
    q.page = *v;
  }
  if (const auto it = req.query().find("per_page"); it != req.query().end()) {
    const auto v = positive(it->second);
    if (!v) {
      return std::nullopt;
    }
    q.per_page = static_cast<int>(std::min<long long>(*v, PageQuery::kMaxPerPage));
  }
  return q;
}

std::string page_query_problem() {
  return "page and per_page must be positive whole numbers (page at most " +
         std::to_string(PageQuery::kMaxPage) + ")";
}

nlohmann::json collection(nlohmann::json items, const PageQuery& query, long long total_items,
                          const std::string& path, const std::string& extra_query) {
  const long long total_pages = (total_items + query.per_page - 1) / query.per_page;
  const auto link = [&](long long page) {
    return path + "?" + extra_query + "page=" + std::to_string(page) +
           "&per_page=" + std::to_string(query.per_page);
  };
  return {{"items", std::move(items)},
          {"_meta",
           {{"page", query.page},
            {"per_page", query.per_page},
            {"total_pages", total_pages},
            {"total_items", total_items}}},
          {"_links",
           {{"self", link(query.page)},
            {"next", query.page < total_pages ? nlohmann::json(link(query.page + 1)) : nullptr},
            {"prev", query.page > 1 ? nlohmann::json(link(query.page - 1)) : nullptr}}}};
}

}  // namespace microblog::api

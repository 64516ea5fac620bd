#include "api/cursor_collection.hpp"

#include <charconv>

namespace microblog::api {
namespace {

std::optional<long long> whole(const http::Request& req, const char* name, long long min,
                               long long max, bool& bad) {
  const auto it = req.query().find(name);
  if (it == req.query().end()) {
    return std::nullopt;
  }
  const std::string& s = it->second;
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<services::PageRequest> cursor_query(const http::Request& req) {
  using services::PageRequest;
  bool bad = false;
  const auto before = whole(req, "before", 1, PageRequest::kMaxCursor, bad);
  const auto after = whole(req, "after", 0, PageRequest::kMaxCursor, bad);
  const auto page = whole(req, "page", 1, PageRequest::kMaxPageNumber, bad);
  if (bad || (before.has_value() + after.has_value() + page.has_value()) > 1) {
    return std::nullopt;
  }
  if (before) {
    return PageRequest{PageRequest::Kind::before, *before};
  }
  if (after) {
    return PageRequest{PageRequest::Kind::after, *after};
  }
  if (page) {
    return PageRequest{PageRequest::Kind::number, *page};
  }
  return PageRequest{};
}

std::string cursor_query_problem() {
  return "before, after and page must be positive whole numbers, and at most one of them given";
}

std::string self_link(const http::Request& req) {
  return req.query_string.empty() ? req.path : req.path + "?" + req.query_string;
}

namespace detail {

nlohmann::json cursor_links(const std::optional<long long>& newer_after,
                            const std::optional<long long>& older_before, const std::string& self,
                            const std::string& path, const std::string& extra_query) {
  const auto link = [&](const char* name, long long id) {
    return path + "?" + extra_query + name + "=" + std::to_string(id);
  };
  return {{"self", self},
          {"next", older_before ? nlohmann::json(link("before", *older_before)) : nullptr},
          {"prev", newer_after ? nlohmann::json(link("after", *newer_after)) : nullptr}};
}

}  // namespace detail
}  // namespace microblog::api

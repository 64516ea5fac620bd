#include "web/post_list.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace microblog::web {
namespace {

// A whole decimal number in [min, max], or nothing.
std::optional<long long> number_param(const http::Request& req, const std::string& name,
                                      long long min, long long max) {
  const auto it = req.query().find(name);
  if (it == req.query().end()) {
    return std::nullopt;
  }
  const std::string& s = it->second;
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

services::PageRequest page_request(const http::Request& req) {
  using services::PageRequest;
  if (const auto id = number_param(req, "before", 1, PageRequest::kMaxCursor)) {
    return {PageRequest::Kind::before, *id};
  }
  if (const auto id = number_param(req, "after", 0, PageRequest::kMaxCursor)) {
    return {PageRequest::Kind::after, *id};
  }
  // Page numbers past the limit are served as the limit: an empty page like any page past the
  // end, without letting a URL make the database skip an unbounded number of rows.
  if (const auto n = number_param(req, "page", 1, std::numeric_limits<long long>::max())) {
    return {PageRequest::Kind::number, std::min(*n, PageRequest::kMaxPageNumber)};
  }
  return {};
}

std::string render_post_list(const i18n::Language& language, const services::PostPage& page,
                             const std::string& base_path, PostFragments& fragments) {
  std::string posts;
  // About 900 bytes a post: one allocation for the page's posts.
  posts.reserve(page.rows.size() * 1024);
  for (const auto& p : page.rows) {
    fragments.append(language, p, posts);
  }
  Dictionary list("posts");
  list.SetValueWithoutCopy("POSTS_HTML", posts);
  if (page.rows.empty()) {
    list.ShowSection("NO_POSTS");
  }
  set_page_links(list, page, base_path);
  return language.templates().expand("posts.tpl", list, util::Templates::Blank::strip);
}

void set_post_list(Dictionary& d, const std::shared_ptr<const std::string>& html) {
  // The page is expanded while the caller still holds `html`: no copy of the list is needed.
  d.SetValueWithoutCopy("POSTS_HTML", *html);
}

}  // namespace microblog::web

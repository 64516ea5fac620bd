#include "web/post_list.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

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

ListFrame render_list_frame(const i18n::Language& language, const services::PostPage& page,
                            const std::string& base_path) {
  return render_list_frame(language, page.rows.empty(), page.newer_after, page.older_before,
                           base_path);
}

ListFrame render_list_frame(const i18n::Language& language, bool empty,
                            std::optional<Id> newer_after, std::optional<Id> older_before,
                            const std::string& base_path) {
  // Rendered once with a stand-in for the posts, then cut there: posts.tpl stays one template.
  static const std::string kPostsGoHere = "<!--posts-->";
  Dictionary list("posts");
  list.SetValueWithoutCopy("POSTS_HTML", kPostsGoHere);
  if (empty) {
    list.ShowSection("NO_POSTS");
  }
  set_page_links(list, services::Page<Id>{{}, newer_after, older_before}, base_path);
  const std::string html =
      language.templates().expand("posts.tpl", list, util::Templates::Blank::strip);
  // The frame holds no post and its links are percent-encoded: the stand-in is only where it
  // was put.
  const auto at = html.find(kPostsGoHere);
  if (at == std::string::npos) {
    throw std::logic_error("posts.tpl does not show POSTS_HTML");
  }
  return {html.substr(0, at), html.substr(at + kPostsGoHere.size())};
}

std::string render_post_list(const i18n::Language& language, const services::PostPage& page,
                             const std::string& base_path, PostFragments& fragments) {
  const ListFrame frame = render_list_frame(language, page, base_path);
  std::string html = frame.head;
  // About 900 bytes a post: one allocation for the page.
  html.reserve(frame.head.size() + page.rows.size() * 1024 + frame.tail.size());
  for (const auto& p : page.rows) {
    html += *fragments.get(language, p);
  }
  html += frame.tail;
  return html;
}

void set_post_list(Dictionary& d, const std::shared_ptr<const std::string>& html) {
  // The page is expanded while the caller still holds `html`: no copy of the list is needed.
  d.SetValueWithoutCopy("POSTS_HTML", *html);
}

}  // namespace microblog::web

#include "web/post_list.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "util/time_format.hpp"

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
                             const std::string& base_path) {
  Dictionary list("posts");
  for (const auto& p : page.rows) {
    auto* post = list.AddSectionDictionary("POST");
    post->SetValue("POST_ID", std::to_string(p.id));
    post->SetValue("AUTHOR", p.author_username);
    post->SetValue("AUTHOR_AVATAR_URL", avatar_url(p.author_avatar, 70));
    post->SetValue("BODY", p.body);
    post->SetValue("LANGUAGE", p.language);
    // Offered where the post's language is known and is not the reader's.
    if (!p.language.empty() && p.language != language.code()) {
      post->ShowSection("TRANSLATE");
    }
    post->SetValue("TIMESTAMP_ISO", util::iso8601_utc(p.created_us));
    post->SetValue("TIMESTAMP_TEXT", util::readable_utc(p.created_us));
  }
  if (page.rows.empty()) {
    list.ShowSection("NO_POSTS");
  }
  set_page_links(list, page, base_path);
  list.SetValue("READER_LANGUAGE", language.code());
  return language.templates().expand("posts.tpl", list, util::Templates::Blank::strip);
}

void set_post_list(Dictionary& d, const std::shared_ptr<const std::string>& html) {
  // The page is expanded while the caller still holds `html`: no copy of the list is needed.
  d.SetValueWithoutCopy("POSTS_HTML", *html);
}

}  // namespace microblog::web

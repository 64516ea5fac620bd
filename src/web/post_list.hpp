#pragma once

#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"
#include "i18n/languages.hpp"
#include "services/pagination.hpp"
#include "services/post_service.hpp"
#include "web/post_fragments.hpp"
#include "web/views.hpp"

namespace microblog::web {

// The page a list request asks for: `?before=<id>`, `?after=<id>` or `?page=<n>`, in that order
// of precedence; anything unreadable means the newest page (a bad link is not worth an error).
services::PageRequest page_request(const http::Request& req);

// Sets the NEWER{URL} and OLDER{URL} sections: `base_path?after=<id>` / `?before=<id>`, or
// `&after=`... when base_path has a query of its own (`/search?q=...`), which the links keep.
template <typename Row>
void set_page_links(Dictionary& d, const services::Page<Row>& page, const std::string& base_path) {
  const std::string join = base_path.find('?') == std::string::npos ? "?" : "&";
  if (page.newer_after) {
    d.AddSectionDictionary("NEWER")->SetValue(
        "URL", base_path + join + "after=" + std::to_string(*page.newer_after));
  }
  if (page.older_before) {
    d.AddSectionDictionary("OLDER")->SetValue(
        "URL", base_path + join + "before=" + std::to_string(*page.older_before));
  }
}

// posts.tpl around where the posts go: its head, then the posts, then its tail.
struct ListFrame {
  std::string head;
  std::string tail;
};
ListFrame render_list_frame(const i18n::Language& language, const services::PostPage& page,
                            const std::string& base_path);
// The same for a page known only by whether it is empty and its neighbours' cursors.
ListFrame render_list_frame(const i18n::Language& language, bool empty,
                            std::optional<Id> newer_after, std::optional<Id> older_before,
                            const std::string& base_path);

// posts.tpl filled with the page's posts (or NO_POSTS) and the links to its neighbours, each
// post from `fragments`. The one renderer of post lists: home, explore, profiles and search. It
// depends on the reader only through their interface language (its words, and a Translate link
// on posts in another language), so one rendering per language serves everyone
// (CachedPostLists).
std::string render_post_list(const i18n::Language& language, const services::PostPage& page,
                             const std::string& base_path, PostFragments& fragments);

// Shows `html`, a rendered post list, as POSTS_HTML in a page template.
void set_post_list(Dictionary& d, const std::shared_ptr<const std::string>& html);

}  // namespace microblog::web

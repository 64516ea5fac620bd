#pragma once

#include <cstddef>
#include <string>

#include "i18n/languages.hpp"
#include "services/view_types.hpp"
#include "web/post_list_cache.hpp"

namespace microblog::web {

// Each post's rendered HTML (post.tpl) per interface language, kept whatever else happens on
// the site: a new post changes which posts a page holds, never how the others look, so a list
// that must be assembled again (its own cache entry gone stale) costs its query and a
// concatenation, not 25 template expansions. A fragment is found under the post id, the
// language and the author's name and avatar as the list query read them now: a renamed author
// (or one with a new address, hence avatar) simply finds nothing and is rendered afresh, on
// every instance sharing the database, with no message between them; the stale fragments age
// out of the byte budget. Posts are never edited, so nothing else can make a fragment wrong.
class PostFragments {
 public:
  // A budget of 0 keeps nothing: every post is rendered each time.
  explicit PostFragments(std::size_t max_bytes) : store_(max_bytes) {}

  // Appends the post as post.tpl shows it to a reader of `language`.
  void append(const i18n::Language& language, const services::PostView& post, std::string& out);

  std::size_t bytes() const { return store_.bytes(); }
  long long hits() const { return store_.hits(); }
  long long misses() const { return store_.misses(); }

 private:
  PostListCache store_;
};

// post.tpl for one post, read in `language`.
std::string render_post(const i18n::Language& language, const services::PostView& post);

}  // namespace microblog::web

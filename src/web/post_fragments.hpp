#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "i18n/languages.hpp"
#include "services/view_types.hpp"
#include "web/versioned_cache.hpp"

namespace microblog::web {

// A rendered post's name in PostFragments: the post, and a digest of what else its HTML shows
// that can change or differ (the author's name and avatar, the reader's language).
struct FragmentKey {
  Id post_id = 0;
  std::uint64_t look = 0;
  bool operator==(const FragmentKey&) const = default;
};

struct FragmentKeyHash {
  std::size_t operator()(const FragmentKey& k) const {
    return std::hash<Id>()(k.post_id) ^ (k.look * 0x9E3779B97F4A7C15ULL);
  }
};

inline std::size_t bytes_of(const FragmentKey&) {
  return sizeof(FragmentKey);
}

// Each post's rendered HTML (post.tpl) per interface language, kept whatever else happens on
// the site: a new post changes which posts a page holds, never how the others look, so a list
// that must be assembled again costs its query and a concatenation, not 25 template
// expansions. A fragment is found under the post id and the author's name and avatar as the
// list query read them: a renamed author (or one with a new address, hence avatar) finds
// nothing and is rendered afresh, on every instance sharing the database, with no message
// between them; the stale fragments age out of the byte budget. Posts are never edited, so
// nothing else can make a fragment wrong.
class PostFragments {
 public:
  using Html = std::shared_ptr<const std::string>;

  // A budget of 0 keeps nothing: every post is rendered each time.
  explicit PostFragments(std::size_t max_bytes) : store_(max_bytes) {}

  static FragmentKey key(const i18n::Language& language, const services::PostView& post);

  // The kept fragment, or null.
  Html find(const FragmentKey& key) { return store_.find(key, 0); }
  // The kept fragment, or the post rendered now (and kept).
  Html get(const i18n::Language& language, const services::PostView& post) {
    return get(language, post, key(language, post));
  }
  // The same, for a caller that already has the post's key.
  Html get(const i18n::Language& language, const services::PostView& post, const FragmentKey& k);

  bool enabled() const { return store_.enabled(); }
  std::size_t bytes() const { return store_.bytes(); }
  long long hits() const { return store_.hits(); }
  long long misses() const { return store_.misses(); }

 private:
  VersionedCache<FragmentKey, std::string, FragmentKeyHash> store_;
};

// post.tpl for one post, read in `language`.
std::string render_post(const i18n::Language& language, const services::PostView& post);

}  // namespace microblog::web

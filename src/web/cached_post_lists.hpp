#pragma once

#include <functional>
#include <memory>
#include <string>

#include "services/post_service.hpp"
#include "services/view_types.hpp"
#include "web/context.hpp"
#include "web/post_fragments.hpp"
#include "web/post_list_cache.hpp"

namespace microblog::web {

// The rendered post lists of home, explore and profiles, and the rendered posts they are made
// of. A list is rendered once per page and interface language and served from memory while
// its own version stands, a number every instance reads from the database:
//  - explore: the content version, raised by every post, follow and rename anywhere (read with
//    the session: Context::content_version);
//  - a profile: its author's list_version (read with the profile's user row);
//  - a home timeline: the largest list_version among the reader and the users they follow
//    (PostService::timeline_version), so only the followers of an author who posts lose theirs.
// Each version is read before the list, so a cached list is never older than the last change
// committed before the request began. A request that writes before showing a list must show it
// in a later request (POST, redirect, GET): a version read before its own write would serve
// the list without it. A list that must be read again is assembled from PostFragments.
class CachedPostLists {
 public:
  using Html = PostListCache::Html;

  // `cache_bytes` is shared by the lists and the posts, half each; 0 keeps nothing.
  CachedPostLists(services::PostService& posts, std::size_t cache_bytes);

  Html timeline(Context& ctx, Id reader_id, const services::PageRequest& page);
  Html explore(Context& ctx, const services::PageRequest& page);
  Html by_author(Context& ctx, const services::UserProfile& author,
                 const services::PageRequest& page);

  // For lists no cache keeps (search results): the posts still come from the fragments.
  PostFragments& fragments() { return fragments_; }

  const PostListCache& lists() const { return lists_; }

 private:
  Html cached(Context& ctx, std::string key, const std::function<long long()>& version,
              const services::PageRequest& page, const std::string& base_path,
              const std::function<services::PostPage()>& fetch);

  services::PostService& posts_;
  PostListCache lists_;
  PostFragments fragments_;
};

}  // namespace microblog::web

#pragma once

#include <functional>
#include <memory>
#include <string>

#include "services/post_service.hpp"
#include "web/context.hpp"
#include "web/post_list_cache.hpp"

namespace microblog::web {

// The rendered post lists of home, explore and profiles. A list is rendered once per content
// version, page and interface language, then served from the cache until a post, follow or rename
// changes the version; the version is read before the list (Context::content_version, once per
// request), so a cached list is never older than the last change committed before the request
// began. A request that writes before showing a list must show it in a later request (POST,
// redirect, GET): a version read before its own write would serve the list without it.
class CachedPostLists {
 public:
  using Html = PostListCache::Html;

  CachedPostLists(services::PostService& posts, std::size_t cache_bytes);

  Html timeline(Context& ctx, Id reader_id, const services::PageRequest& page);
  Html explore(Context& ctx, const services::PageRequest& page);
  Html by_author(Context& ctx, Id author_id, const std::string& username,
                 const services::PageRequest& page);

 private:
  Html cached(Context& ctx, std::string key, const services::PageRequest& page,
              const std::string& base_path, const std::function<services::PostPage()>& fetch);

  services::PostService& posts_;
  PostListCache cache_;
};

}  // namespace microblog::web

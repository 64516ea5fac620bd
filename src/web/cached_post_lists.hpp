#pragma once

#include <functional>
#include <memory>
#include <string>

#include "services/post_service.hpp"
#include "web/post_list_cache.hpp"

namespace microblog::web {

// The rendered post lists of home, explore and profiles. A list is rendered once per content
// version and page, then served from the cache until a post, follow or rename changes the
// version; the version is read before the list, so a cached list is never older than the last
// change committed before the request began.
class CachedPostLists {
 public:
  using Html = PostListCache::Html;

  CachedPostLists(services::PostService& posts, std::size_t cache_bytes);

  Html timeline(db::Id reader_id, const services::PageRequest& page);
  Html explore(const services::PageRequest& page);
  Html by_author(db::Id author_id, const std::string& username, const services::PageRequest& page);

  const PostListCache& cache() const { return cache_; }

 private:
  Html cached(std::string key, const services::PageRequest& page, const std::string& base_path,
              const std::function<services::PostPage()>& fetch);

  services::PostService& posts_;
  PostListCache cache_;
};

}  // namespace microblog::web

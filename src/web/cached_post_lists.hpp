#pragma once

#include <functional>
#include <memory>
#include <optional>
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

  // `known_version`: the content version if the request already read it (with its session,
  // services::Session::content_version), so that it is not read a second time. A request that
  // writes before showing a list must pass nothing: a version read before its own write would
  // serve the list without it.
  Html timeline(db::Id reader_id, const services::PageRequest& page,
                std::optional<long long> known_version);
  Html explore(const services::PageRequest& page, std::optional<long long> known_version);
  Html by_author(db::Id author_id, const std::string& username, const services::PageRequest& page,
                 std::optional<long long> known_version);

 private:
  Html cached(std::string key, const services::PageRequest& page, const std::string& base_path,
              std::optional<long long> known_version,
              const std::function<services::PostPage()>& fetch);

  services::PostService& posts_;
  PostListCache cache_;
};

}  // namespace microblog::web

#include "web/cached_post_lists.hpp"

#include "web/post_list.hpp"

namespace microblog::web {

CachedPostLists::CachedPostLists(services::PostService& posts, std::size_t cache_bytes)
    : posts_(posts), cache_(cache_bytes) {}

CachedPostLists::Html CachedPostLists::timeline(db::Id reader_id, const services::PageRequest& page,
                                                std::optional<long long> known_version) {
  return cached("home:" + std::to_string(reader_id), page, "/index", known_version,
                [&] { return posts_.timeline(reader_id, page); });
}

CachedPostLists::Html CachedPostLists::explore(const services::PageRequest& page,
                                               std::optional<long long> known_version) {
  return cached("explore", page, "/explore", known_version, [&] { return posts_.explore(page); });
}

CachedPostLists::Html CachedPostLists::by_author(db::Id author_id, const std::string& username,
                                                 const services::PageRequest& page,
                                                 std::optional<long long> known_version) {
  // Keyed by id: a renamed author changes the content version, so the old links go too.
  return cached("user:" + std::to_string(author_id), page, "/user/" + username, known_version,
                [&] { return posts_.by_author(author_id, page); });
}

CachedPostLists::Html CachedPostLists::cached(std::string key, const services::PageRequest& page,
                                              const std::string& base_path,
                                              std::optional<long long> known_version,
                                              const std::function<services::PostPage()>& fetch) {
  key += ':';
  key += std::to_string(static_cast<int>(page.kind));
  key += ':';
  key += std::to_string(page.value);
  if (!cache_.enabled()) {
    return std::make_shared<const std::string>(render_post_list(fetch(), base_path));
  }
  // Read before the list, whether here or with the session: see the class comment.
  const long long version = known_version ? *known_version : posts_.content_version();
  if (auto html = cache_.find(key, version)) {
    return html;
  }
  auto html = std::make_shared<const std::string>(render_post_list(fetch(), base_path));
  cache_.store(key, version, html);
  return html;
}

}  // namespace microblog::web

#include "web/cached_post_lists.hpp"

#include "web/post_list.hpp"

namespace microblog::web {

CachedPostLists::CachedPostLists(services::PostService& posts, std::size_t cache_bytes)
    : posts_(posts), cache_(cache_bytes) {}

CachedPostLists::Html CachedPostLists::timeline(Context& ctx, Id reader_id,
                                                const services::PageRequest& page) {
  return cached(ctx, "home:" + std::to_string(reader_id), page, "/index",
                [&] { return posts_.timeline(reader_id, page); });
}

CachedPostLists::Html CachedPostLists::explore(Context& ctx, const services::PageRequest& page) {
  return cached(ctx, "explore", page, "/explore", [&] { return posts_.explore(page); });
}

CachedPostLists::Html CachedPostLists::by_author(Context& ctx, Id author_id,
                                                 const std::string& username,
                                                 const services::PageRequest& page) {
  // Keyed by id: a renamed author changes the content version, so the old links go too.
  return cached(ctx, "user:" + std::to_string(author_id), page, "/user/" + username,
                [&] { return posts_.by_author(author_id, page); });
}

CachedPostLists::Html CachedPostLists::cached(Context& ctx, std::string key,
                                              const services::PageRequest& page,
                                              const std::string& base_path,
                                              const std::function<services::PostPage()>& fetch) {
  // The list's words ("Older posts", "No posts yet.") and its Translate links are the reader's
  // language's.
  key += ':';
  key += ctx.language().code();
  key += ':';
  key += std::to_string(static_cast<int>(page.kind));
  key += ':';
  key += std::to_string(page.value);
  if (!cache_.enabled()) {
    return std::make_shared<const std::string>(
        render_post_list(ctx.language(), fetch(), base_path));
  }
  // Read before the list: see the class comment.
  const long long version = ctx.content_version.get();
  if (auto html = cache_.find(key, version)) {
    return html;
  }
  auto html =
      std::make_shared<const std::string>(render_post_list(ctx.language(), fetch(), base_path));
  cache_.store(key, version, html);
  return html;
}

}  // namespace microblog::web

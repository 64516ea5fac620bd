#include "web/cached_post_lists.hpp"

#include "web/post_list.hpp"

namespace microblog::web {

CachedPostLists::CachedPostLists(services::PostService& posts, std::size_t cache_bytes)
    : posts_(posts), lists_(cache_bytes / 2), fragments_(cache_bytes - cache_bytes / 2) {}

CachedPostLists::Html CachedPostLists::timeline(Context& ctx, Id reader_id,
                                                const services::PageRequest& page) {
  return cached(
      ctx, "home:" + std::to_string(reader_id), [&] { return posts_.timeline_version(reader_id); },
      page, "/index", [&] { return posts_.timeline(reader_id, page); });
}

CachedPostLists::Html CachedPostLists::explore(Context& ctx, const services::PageRequest& page) {
  return cached(
      ctx, "explore", [&] { return ctx.content_version.get(); }, page, "/explore",
      [&] { return posts_.explore(page); });
}

CachedPostLists::Html CachedPostLists::by_author(Context& ctx, const services::UserProfile& author,
                                                 const services::PageRequest& page) {
  // Keyed by id: a rename stamps the author's list_version, so the old page links go too.
  return cached(
      ctx, "user:" + std::to_string(author.id), [&] { return author.list_version; }, page,
      "/user/" + author.username, [&] { return posts_.by_author(author.id, page); });
}

CachedPostLists::Html CachedPostLists::cached(Context& ctx, std::string key,
                                              const std::function<long long()>& version,
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
  const auto render = [&] {
    return std::make_shared<const std::string>(
        render_post_list(ctx.language(), fetch(), base_path, fragments_));
  };
  if (!lists_.enabled()) {
    return render();
  }
  // Read before the list: see the class comment.
  const long long stands_at = version();
  if (auto html = lists_.find(key, stands_at)) {
    return html;
  }
  auto html = render();
  lists_.store(key, stands_at, html);
  return html;
}

}  // namespace microblog::web

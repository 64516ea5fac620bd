#include "web/cached_post_lists.hpp"

#include "web/post_list.hpp"

namespace microblog::web {

CachedPostLists::CachedPostLists(services::PostService& posts, std::size_t cache_bytes)
    : posts_(posts), lists_(cache_bytes / 8), fragments_(cache_bytes - cache_bytes / 8) {}

CachedPostLists::Html CachedPostLists::timeline(Context& ctx, Id reader_id,
                                                const services::PageRequest& page) {
  return cached(
      ctx, "home:" + std::to_string(reader_id),
      [&] {
        // The session's own (read with it) when the reader is the visitor, as on /index.
        return ctx.signed_in() && ctx.user_id() == reader_id ? ctx.home_version.get()
                                                             : posts_.home_version(reader_id);
      },
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

CachedPostLists::Html CachedPostLists::assemble(const KeptList& list) {
  std::vector<PostFragments::Html> posts;
  posts.reserve(list.posts.size());
  std::size_t size = list.head.size() + list.tail.size();
  for (const auto& key : list.posts) {
    auto html = fragments_.find(key);
    if (!html) {
      return nullptr;
    }
    size += html->size();
    posts.push_back(std::move(html));
  }
  auto page = std::make_shared<std::string>();
  page->reserve(size);
  *page += list.head;
  for (const auto& html : posts) {
    *page += *html;
  }
  *page += list.tail;
  return page;
}

CachedPostLists::Html CachedPostLists::cached(Context& ctx, std::string key,
                                              const std::function<long long()>& version,
                                              const services::PageRequest& page,
                                              const std::string& base_path,
                                              const std::function<services::PostPage()>& fetch) {
  const i18n::Language& language = ctx.language();
  if (!lists_.enabled()) {
    return std::make_shared<const std::string>(
        render_post_list(language, fetch(), base_path, fragments_));
  }
  // The list's words ("Older posts", "No posts yet.") and its Translate links are the reader's
  // language's.
  key += ':';
  key += language.code();
  key += ':';
  key += std::to_string(static_cast<int>(page.kind));
  key += ':';
  key += std::to_string(page.value);
  // Read before the list: see the class comment.
  const long long stands_at = version();
  if (const auto kept = lists_.find(key, stands_at)) {
    if (auto html = assemble(*kept)) {
      return html;
    }
  }
  const services::PostPage rows = fetch();
  auto frame = render_list_frame(language, rows, base_path);
  auto list = std::make_shared<KeptList>();
  auto html = std::make_shared<std::string>(frame.head);
  for (const auto& p : rows.rows) {
    list->posts.push_back(PostFragments::key(language, p));
    *html += *fragments_.get(language, p);
  }
  *html += frame.tail;
  list->head = std::move(frame.head);
  list->tail = std::move(frame.tail);
  lists_.store(key, stands_at, std::move(list));
  return html;
}

}  // namespace microblog::web

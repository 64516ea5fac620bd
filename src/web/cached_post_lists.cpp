#include "web/cached_post_lists.hpp"

#include <algorithm>
#include <limits>

#include "web/post_list.hpp"

namespace microblog::web {
namespace {

// A page's text in one string, sized before it is filled: kept, it holds no spare room.
std::shared_ptr<std::string> joined(const KeptList& list,
                                    const std::vector<PostFragments::Html>& posts) {
  std::size_t size = list.head.size() + list.tail.size();
  for (const auto& html : posts) {
    size += html->size();
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

}  // namespace

CachedPostLists::Outcomes::Outcomes(metrics::Registry& registry, const std::string& list)
    : hits(registry.counter("microblog_post_list_cache_hits_total",
                            "Pages of post lists served from a kept list, by list",
                            {{"list", list}})),
      misses(registry.counter("microblog_post_list_cache_misses_total",
                              "Pages of post lists read from the database or the window of recent "
                              "posts, by list",
                              {{"list", list}})) {}

CachedPostLists::CachedPostLists(services::PostService& posts, services::RecentPosts& recent,
                                 std::size_t cache_bytes, metrics::Registry& registry)
    : posts_(posts),
      recent_(recent),
      home_(registry, "home"),
      explore_(registry, "explore"),
      user_(registry, "user"),
      lists_(cache_bytes / 8),
      assembled_(cache_bytes / 32),  // on top: the posts keep seven eighths
      fragments_(cache_bytes - cache_bytes / 8) {}

CachedPostLists::Html CachedPostLists::timeline(Context& ctx, Id reader_id,
                                                const services::PageRequest& page) {
  // The session's own (read with it) when the reader is the visitor, as on /index.
  const auto home_version = [&] {
    return ctx.signed_in() && ctx.user_id() == reader_id ? ctx.home_version.get()
                                                         : posts_.home_version(reader_id);
  };
  if (page.kind == services::PageRequest::Kind::newest) {
    // Both read before the list: see the class comment.
    const services::HomeVersion now = home_version();
    const long long content_version = ctx.content_version.get();
    if (lists_.enabled()) {
      return first_timeline_page(ctx, list_key(ctx, "home:" + std::to_string(reader_id), page),
                                 reader_id, now, content_version);
    }
    home_.misses.inc();
    return std::make_shared<const std::string>(render_post_list(
        ctx.language(), newest_timeline(reader_id, content_version).page, "/index", fragments_));
  }
  // A page below a cursor changes only when the timeline is reshaped; a numbered page or one
  // above a cursor also when posts come.
  const bool below = page.kind == services::PageRequest::Kind::before;
  return cached(
      ctx, home_, "home:" + std::to_string(reader_id),
      [&] { return below ? home_version().reshaped : ctx.content_version.get(); }, page, "/index",
      [&] { return posts_.timeline(reader_id, page); });
}

CachedPostLists::FreshTimeline CachedPostLists::newest_timeline(Id reader_id,
                                                                long long content_version) {
  FreshTimeline fresh;
  // Taken before any query, so that every post it holds was committed before the query ran.
  const auto window = recent_.at(content_version);
  if (window) {
    fresh.authors = std::make_shared<const std::vector<Id>>(posts_.timeline_authors(reader_id));
    fresh.seen_through = window->newest();
    if (auto page = services::RecentPosts::newest_page(
            *window, fresh.authors.get(), static_cast<std::size_t>(posts_.posts_per_page()))) {
      fresh.page = std::move(*page);
      return fresh;
    }
  }
  fresh.page = posts_.timeline(reader_id, {});
  if (!fresh.page.rows.empty()) {
    fresh.seen_through = std::max(fresh.seen_through, fresh.page.rows.front().id);
  }
  return fresh;
}

CachedPostLists::Html CachedPostLists::first_timeline_page(Context& ctx, const std::string& key,
                                                           Id reader_id,
                                                           const services::HomeVersion& now,
                                                           long long content_version) {
  if (const auto kept = lists_.find(key, std::numeric_limits<long long>::min());
      kept && kept->home.reshaped == now.reshaped) {
    // Brought up to date counts as a hit too: the kept page is used, with at most the few
    // posts that came since read to top it up.
    if (kept->content_version >= content_version) {
      if (auto html = assemble(key, *kept)) {
        home_.hits.inc();
        return html;
      }
    } else if (auto html = bring_up_to_date(ctx, key, *kept, reader_id, content_version)) {
      home_.hits.inc();
      return html;
    }
  }
  home_.misses.inc();
  FreshTimeline fresh = newest_timeline(reader_id, content_version);
  KeptList list;
  list.home = now;
  list.content_version = content_version;
  list.seen_through = fresh.seen_through;
  list.authors = std::move(fresh.authors);
  list.older_before = fresh.page.older_before;
  auto frame = render_list_frame(ctx.language(), fresh.page, "/index");
  list.head = std::move(frame.head);
  list.tail = std::move(frame.tail);
  return keep(ctx, key, content_version, std::move(list), fresh.page.rows, 0);
}

CachedPostLists::Html CachedPostLists::bring_up_to_date(Context& ctx, const std::string& key,
                                                        const KeptList& kept, Id reader_id,
                                                        long long content_version) {
  const std::size_t per_page = static_cast<std::size_t>(posts_.posts_per_page());
  const Id top = kept.posts.empty() ? 0 : kept.posts.front().post_id;
  const auto window = recent_.at(content_version);  // before the query, as in newest_timeline
  std::vector<services::PostView> came;             // newest first
  Id seen_through = std::max(kept.seen_through, window ? window->newest() : 0);
  if (window && kept.authors && window->reaches(kept.seen_through)) {
    for (const auto& post :
         services::RecentPosts::since(*window, kept.seen_through, kept.authors.get())) {
      if (came.size() == per_page) {
        return nullptr;  // more than a page came: the page is all new
      }
      came.push_back(*post);
    }
  } else {
    // The posts above the top, oldest first up to a page (shown newest first).
    services::PostPage read = posts_.timeline(reader_id, {services::PageRequest::Kind::after, top});
    if (read.newer_after) {
      return nullptr;
    }
    came = std::move(read.rows);
    if (!came.empty()) {
      seen_through = std::max(seen_through, came.front().id);
    }
  }
  if (came.empty()) {
    // Nothing of theirs: the same page, now known to stand at this version.
    auto same = std::make_shared<KeptList>(kept);
    same->content_version = content_version;
    same->seen_through = seen_through;
    auto html = assemble(key, *same);
    if (html) {
      lists_.store(key, content_version, std::move(same));
    }
    return html;
  }
  const std::size_t total = came.size() + kept.posts.size();
  const std::size_t kept_after = std::min(kept.posts.size(), per_page - came.size());
  KeptList list;
  list.home = kept.home;
  list.content_version = content_version;
  list.seen_through = seen_through;
  list.authors = kept.authors;
  list.posts.assign(kept.posts.begin(),
                    kept.posts.begin() + static_cast<std::ptrdiff_t>(kept_after));
  // Posts pushed off the page, or older ones already below it, make an older page.
  std::optional<Id> older = kept.older_before;
  if (total > per_page || (older && !list.posts.empty())) {
    older = list.posts.empty() ? came.back().id : list.posts.back().post_id;
  }
  list.older_before = older;
  auto frame = render_list_frame(ctx.language(), total == 0, std::nullopt, older, "/index");
  list.head = std::move(frame.head);
  list.tail = std::move(frame.tail);
  return keep(ctx, key, content_version, std::move(list), came, kept_after);
}

CachedPostLists::Html CachedPostLists::keep(Context& ctx, const std::string& key, long long version,
                                            KeptList list,
                                            const std::vector<services::PostView>& rows,
                                            std::size_t kept_after_rows) {
  // `list.posts` holds the kept posts that follow `rows`: rows go in front of them.
  std::vector<FragmentKey> keys;
  std::vector<PostFragments::Html> parts;
  keys.reserve(rows.size() + kept_after_rows);
  parts.reserve(keys.capacity());
  for (const auto& p : rows) {
    keys.push_back(PostFragments::key(ctx.language(), p));
    parts.push_back(fragments_.get(ctx.language(), p, keys.back()));
  }
  for (std::size_t i = 0; i < kept_after_rows; ++i) {
    auto fragment = fragments_.find(list.posts[i]);
    if (!fragment) {
      return nullptr;
    }
    keys.push_back(list.posts[i]);
    parts.push_back(std::move(fragment));
  }
  // The caches count the memory their strings hold: room grown by appending is up to as much
  // again as the text.
  list.head.shrink_to_fit();
  list.tail.shrink_to_fit();
  auto html = joined(list, parts);
  list.posts = std::move(keys);
  list.serial = next_serial_.fetch_add(1, std::memory_order_relaxed);
  assembled_.store(key, static_cast<long long>(list.serial), html);
  lists_.store(key, version, std::make_shared<const KeptList>(std::move(list)));
  return html;
}

std::string CachedPostLists::list_key(const Context& ctx, std::string key,
                                      const services::PageRequest& page) {
  // The list's words ("Older posts", "No posts yet.") and its Translate links are the reader's
  // language's.
  key += ':';
  key += ctx.language().code();
  key += ':';
  key += std::to_string(static_cast<int>(page.kind));
  key += ':';
  key += std::to_string(page.value);
  return key;
}

CachedPostLists::Html CachedPostLists::explore(Context& ctx, const services::PageRequest& page) {
  return cached(
      ctx, explore_, "explore", [&] { return ctx.content_version.get(); }, page, "/explore",
      [&] {
        if (page.kind == services::PageRequest::Kind::newest) {
          if (const auto window = recent_.at(ctx.content_version.get())) {
            if (auto first = services::RecentPosts::newest_page(
                    *window, nullptr, static_cast<std::size_t>(posts_.posts_per_page()))) {
              return std::move(*first);
            }
          }
        }
        return posts_.explore(page);
      });
}

CachedPostLists::Html CachedPostLists::by_author(Context& ctx, const services::UserProfile& author,
                                                 const services::PageRequest& page) {
  // Keyed by id: a rename stamps the author's list_version, so the old page links go too.
  return cached(
      ctx, user_, "user:" + std::to_string(author.id), [&] { return author.list_version; }, page,
      "/user/" + author.username, [&] { return posts_.by_author(author.id, page); });
}

CachedPostLists::Html CachedPostLists::assemble(const std::string& key, const KeptList& list) {
  // One assembled at a later serial is a newer page of the same list, which is as good: a list
  // is only ever kept newer.
  if (auto whole = assembled_.find(key, static_cast<long long>(list.serial))) {
    return whole;
  }
  std::vector<PostFragments::Html> posts;
  posts.reserve(list.posts.size());
  for (const auto& key : list.posts) {
    auto html = fragments_.find(key);
    if (!html) {
      return nullptr;
    }
    posts.push_back(std::move(html));
  }
  auto page = joined(list, posts);
  assembled_.store(key, static_cast<long long>(list.serial), page);
  return page;
}

CachedPostLists::Html CachedPostLists::cached(Context& ctx, Outcomes& outcomes, std::string key,
                                              const std::function<long long()>& version,
                                              const services::PageRequest& page,
                                              const std::string& base_path,
                                              const std::function<services::PostPage()>& fetch) {
  const i18n::Language& language = ctx.language();
  if (!lists_.enabled()) {
    outcomes.misses.inc();
    return std::make_shared<const std::string>(
        render_post_list(language, fetch(), base_path, fragments_));
  }
  key = list_key(ctx, std::move(key), page);
  // Read before the list: see the class comment.
  const long long stands_at = version();
  if (const auto kept = lists_.find(key, stands_at)) {
    if (auto html = assemble(key, *kept)) {
      outcomes.hits.inc();
      return html;
    }
  }
  outcomes.misses.inc();
  const services::PostPage rows = fetch();
  auto frame = render_list_frame(language, rows, base_path);
  KeptList list;
  list.head = std::move(frame.head);
  list.tail = std::move(frame.tail);
  return keep(ctx, key, stands_at, std::move(list), rows.rows, 0);
}

}  // namespace microblog::web

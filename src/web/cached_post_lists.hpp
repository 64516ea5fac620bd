#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "metrics/registry.hpp"
#include "services/post_service.hpp"
#include "services/recent_posts.hpp"
#include "services/view_types.hpp"
#include "web/context.hpp"
#include "web/post_fragments.hpp"
#include "web/versioned_cache.hpp"

namespace microblog::web {

// A page of a list as kept: its frame (posts.tpl around the posts) and which rendered posts go
// in it. A few hundred bytes whatever the posts, so that a thousand readers' home timelines fit
// in the budget many times over; the posts themselves are shared by every list they are in.
struct KeptList {
  std::string head;
  std::string tail;
  std::vector<FragmentKey> posts;  // newest first
  // The first page of a home timeline keeps what it takes to bring it up to date with only
  // the posts that came since: the versions it was read at, the highest post id it took into
  // account (none by its authors lies above its top and at or below this), whose posts it
  // shows (when known), and its older neighbour's cursor.
  services::HomeVersion home;
  long long content_version = 0;
  Id seen_through = 0;
  std::shared_ptr<const std::vector<Id>> authors;
  std::optional<Id> older_before;
  // Names the page's text (head, posts, tail): two lists with one serial show the same HTML.
  std::uint64_t serial = 0;
};

inline std::size_t bytes_of(const KeptList& l) {
  return l.head.capacity() + l.tail.capacity() + l.posts.capacity() * sizeof(FragmentKey) +
         (l.authors ? l.authors->capacity() * sizeof(Id) : 0);
}

// The post lists of home, explore and profiles. A page of a list is read once per version and
// interface language and then assembled from memory while its own version stands, a number
// every instance reads from the database:
//  - explore: the content version, raised by every post, follow and rename anywhere (read with
//    the session: Context::content_version); its first page is cut from the window of recent
//    posts (services::RecentPosts);
//  - a profile: its author's list_version (read with the profile's user row);
//  - a home timeline: the reader's home_version, raised by their follows and the renames of
//    the users they follow, read with the session. New posts do not raise it: the first page,
//    kept with the content version it was read at, takes the posts by its authors that came
//    since from the window of recent posts, so a post anywhere costs the readers who do not
//    follow its author one scan of a few window entries, and no query. When the window does
//    not reach back far enough, the first page reads just the posts above its top. Older pages
//    only change when the timeline is reshaped (new posts take higher ids).
// Each version is read before the list, so a kept list is never older than the last change
// committed before the request began. A request that writes before showing a list must show it
// in a later request (POST, redirect, GET): a version read before its own write would serve
// the list without it. The posts come from PostFragments; a page whose posts are no longer all
// kept there is read again.
class CachedPostLists {
 public:
  using Html = std::shared_ptr<const std::string>;

  // `cache_bytes` is shared by the lists (an eighth: they are small) and the posts. Each list
  // counts its pages served from a kept list (hits) and read afresh (misses) in `registry`.
  CachedPostLists(services::PostService& posts, services::RecentPosts& recent,
                  std::size_t cache_bytes, metrics::Registry& registry);

  Html timeline(Context& ctx, Id reader_id, const services::PageRequest& page);
  Html explore(Context& ctx, const services::PageRequest& page);
  Html by_author(Context& ctx, const services::UserProfile& author,
                 const services::PageRequest& page);

  // For lists no cache keeps (search results): the posts still come from the fragments.
  PostFragments& fragments() { return fragments_; }

  const VersionedCache<std::string, KeptList>& lists() const { return lists_; }

 private:
  // microblog_post_list_cache_{hits,misses}_total of one list.
  struct Outcomes {
    Outcomes(metrics::Registry& registry, const std::string& list);
    metrics::Counter& hits;
    metrics::Counter& misses;
  };

  Html cached(Context& ctx, Outcomes& outcomes, std::string key,
              const std::function<long long()>& version, const services::PageRequest& page,
              const std::string& base_path, const std::function<services::PostPage()>& fetch);
  // The page from the kept posts, or null when one of them is gone.
  // Of `list` kept under `key`: the last pages assembled are kept whole, so that the lists read
  // most (explore, a reader reloading) skip the look-ups and the copying.
  Html assemble(const std::string& key, const KeptList& list);
  // The first page of a home timeline read whole: from the window when it holds the page.
  struct FreshTimeline {
    services::PostPage page;
    Id seen_through = 0;
    std::shared_ptr<const std::vector<Id>> authors;  // null when the window is off
  };
  FreshTimeline newest_timeline(Id reader_id, long long content_version);
  // The first page of a home timeline, kept under `key`.
  Html first_timeline_page(Context& ctx, const std::string& key, Id reader_id,
                           const services::HomeVersion& now, long long content_version);
  // `kept` with the posts that came since, or null when that is not a cheap read.
  Html bring_up_to_date(Context& ctx, const std::string& key, const KeptList& kept, Id reader_id,
                        long long content_version);
  // Renders `rows` framed, keeps the page under `key` at `version`, and returns its HTML.
  Html keep(Context& ctx, const std::string& key, long long version, KeptList list,
            const std::vector<services::PostView>& rows, std::size_t kept_after_rows);
  static std::string list_key(const Context& ctx, std::string key,
                              const services::PageRequest& page);

  services::PostService& posts_;
  services::RecentPosts& recent_;
  Outcomes home_;
  Outcomes explore_;
  Outcomes user_;
  VersionedCache<std::string, KeptList> lists_;
  // Assembled pages by list key, at the serial of the list they were assembled from.
  VersionedCache<std::string, std::string> assembled_;
  std::atomic<std::uint64_t> next_serial_{1};
  PostFragments fragments_;
};

}  // namespace microblog::web

#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "services/pagination.hpp"
#include "services/view_types.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// The newest posts of the whole site as one instance last read them, oldest first. Every post
// with an id above `floor` is here: posts take ids in the order they commit (posts::insert
// queues them on one counter row first), so a read of "the posts above the newest one held"
// never skips one that commits later with a lower id.
struct RecentWindow {
  std::vector<std::shared_ptr<const PostView>> posts;
  Id floor = 0;
  // Complete as of this content version: it holds every post, with its author's name and
  // avatar as they are now, committed before that version was read.
  long long version = 0;

  Id newest() const { return posts.empty() ? floor : posts.back()->id; }
  // Whether every post above `id` is here.
  bool reaches(Id id) const { return id >= floor; }
};

// A window of the site's newest posts kept by each instance, from which the first page of a
// home timeline (and of explore) is cut, and a kept one is brought up to date, without asking
// the database: the posts of the users one follows are the window's posts by those users. A
// post therefore writes nothing for the followers it reaches (fan-out on read, from memory).
// When the window is too short for a page (a reader whose followed users posted little
// lately), the caller runs the query instead.
//
// The window follows the site's content version, read with every signed-in request: a request
// that saw a version above the window's reads what is new first, in three indexed queries
// shared by every request waiting on it: the posts above its newest, the users who posted or
// were renamed since (whose posts here take their current name and avatar), and the posts
// deleted since (post_deletion), which leave the window.
class RecentPosts {
 public:
  // `capacity` posts at most; 0 keeps none (every page is read from the database).
  RecentPosts(db::Database& db, std::size_t capacity);

  bool enabled() const { return capacity_ > 0; }

  // The window, complete at least as of `content_version` (which the caller read before):
  // read up to date first when it is older. Null when disabled.
  std::shared_ptr<const RecentWindow> at(long long content_version);

  // The newest page of the posts by `authors` (sorted ids; all authors when null), with the
  // cursor of the page below; nothing when the window cannot tell (fewer matches than a page
  // and older posts it does not hold).
  static std::optional<Page<PostView>> newest_page(const RecentWindow& window,
                                                   const std::vector<Id>* authors,
                                                   std::size_t per_page);

  // The posts above `after` by `authors` (as above), newest first; the window must reach
  // `after`.
  static std::vector<std::shared_ptr<const PostView>> since(const RecentWindow& window, Id after,
                                                            const std::vector<Id>* authors);

 private:
  struct Look {
    std::string username;
    std::string avatar;
  };
  void load_newest(long long content_version);
  void read_since(long long content_version);

  db::Database& db_;
  std::size_t capacity_;
  std::mutex refresh_;  // one reader of the database at a time; the others wait for it
  std::mutex publish_;  // guards window_ itself, held only to copy the pointer
  std::shared_ptr<const RecentWindow> window_;
  // Guarded by refresh_: each author's name and avatar as the window's posts show them.
  std::unordered_map<Id, Look> looks_;
};

}  // namespace microblog::services

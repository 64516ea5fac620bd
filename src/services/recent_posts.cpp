#include "services/recent_posts.hpp"

#include <algorithm>
#include <unordered_set>

#include "db/database.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/view_mapping.hpp"

namespace microblog::services {
namespace {

bool by(const std::vector<Id>* authors, Id author) {
  return authors == nullptr || std::binary_search(authors->begin(), authors->end(), author);
}

}  // namespace

RecentPosts::RecentPosts(db::Database& db, std::size_t capacity) : db_(db), capacity_(capacity) {}

std::shared_ptr<const RecentWindow> RecentPosts::at(long long content_version) {
  if (!enabled()) {
    return nullptr;
  }
  const auto current = [this] {
    std::lock_guard lock(publish_);
    return window_;
  };
  if (auto w = current(); w && w->version >= content_version) {
    return w;
  }
  // Requests that saw the same new version queue here and find it read by the first.
  std::lock_guard lock(refresh_);
  if (auto w = current(); w && w->version >= content_version) {
    return w;
  }
  if (current()) {
    read_since(content_version);
  } else {
    load_newest(content_version);
  }
  return current();
}

void RecentPosts::load_newest(long long content_version) {
  auto conn = db_.connect();
  const int limit = static_cast<int>(capacity_);
  const auto rows =
      db::posts::list(conn.sql(), {db::posts::Scope::everyone, 0, db::posts::Direction::older,
                                   db::posts::kAboveAll, limit, 0});  // newest first
  auto window = std::make_shared<RecentWindow>();
  window->posts.reserve(rows.size());
  looks_.clear();
  for (std::size_t i = rows.size(); i-- > 0;) {  // rows come newest first
    auto post = std::make_shared<const PostView>(to_view(rows[i]));
    looks_[post->author_id] = {post->author_username, post->author_avatar};
    window->posts.push_back(std::move(post));
  }
  // Fewer than asked for: these are all the posts there are.
  window->floor = rows.size() < capacity_ ? 0 : rows.back().id - 1;
  window->version = content_version;
  std::lock_guard lock(publish_);
  window_ = std::move(window);
}

void RecentPosts::read_since(long long content_version) {
  std::shared_ptr<const RecentWindow> old;
  {
    std::lock_guard lock(publish_);
    old = window_;
  }
  std::vector<db::PostRow> rows;
  std::vector<db::users::Look> touched;
  std::vector<Id> deleted;  // sorted
  {
    auto conn = db_.connect();
    rows = db::posts::list(
        conn.sql(), {db::posts::Scope::everyone, 0, db::posts::Direction::newer, old->newest(),
                     static_cast<int>(capacity_), 0});  // newest first
    // Renames since the window's version; posters too, whose names are already right.
    touched = db::users::touched_since(conn.sql(), old->version);
    // Deletions since, usually none: one indexed look-up (ix_post_deletion_version).
    deleted = db::posts::deleted_since(conn.sql(), old->version);
  }
  if (rows.size() >= capacity_) {
    load_newest(content_version);  // more came than the window holds: start again
    return;
  }
  auto window = std::make_shared<RecentWindow>(*old);
  window->version = std::max(old->version, content_version);
  std::unordered_set<Id> renamed;
  for (const auto& user : touched) {
    const auto look = looks_.find(user.id);
    if (look == looks_.end()) {
      continue;  // no post of theirs here
    }
    Look now{user.username, avatar_hash(user.email)};
    if (look->second.username != now.username || look->second.avatar != now.avatar) {
      look->second = std::move(now);
      renamed.insert(user.id);
    }
  }
  if (!renamed.empty()) {
    for (auto& post : window->posts) {
      if (renamed.contains(post->author_id)) {
        auto copy = std::make_shared<PostView>(*post);
        const Look& look = looks_.at(copy->author_id);
        copy->author_username = look.username;
        copy->author_avatar = look.avatar;
        post = std::move(copy);
      }
    }
  }
  if (!deleted.empty()) {
    // The window stays complete above its floor: what left it no longer exists.
    std::erase_if(window->posts, [&deleted](const auto& post) {
      return std::binary_search(deleted.begin(), deleted.end(), post->id);
    });
  }
  for (std::size_t i = rows.size(); i-- > 0;) {  // rows come newest first
    auto post = std::make_shared<const PostView>(to_view(rows[i]));
    looks_[post->author_id] = {post->author_username, post->author_avatar};
    window->posts.push_back(std::move(post));
  }
  if (window->posts.size() > capacity_) {
    const auto drop = static_cast<std::ptrdiff_t>(window->posts.size() - capacity_);
    window->floor = window->posts[static_cast<std::size_t>(drop - 1)]->id;
    window->posts.erase(window->posts.begin(), window->posts.begin() + drop);
  }
  if (looks_.size() > 2 * capacity_) {
    // Authors whose posts all left the window: forget them (they read in afresh).
    std::unordered_map<Id, Look> kept;
    for (const auto& post : window->posts) {
      kept[post->author_id] = {post->author_username, post->author_avatar};
    }
    looks_ = std::move(kept);
  }
  std::lock_guard lock(publish_);
  window_ = std::move(window);
}

std::optional<Page<PostView>> RecentPosts::newest_page(const RecentWindow& window,
                                                       const std::vector<Id>* authors,
                                                       std::size_t per_page) {
  Page<PostView> page;
  for (std::size_t i = window.posts.size(); i-- > 0;) {  // newest first
    const auto& post = window.posts[i];
    if (!by(authors, post->author_id)) {
      continue;
    }
    if (page.rows.size() == per_page) {
      page.older_before = page.rows.back().id;  // one more there: an older page follows
      return page;
    }
    page.rows.push_back(*post);
  }
  if (window.floor != 0) {
    return std::nullopt;  // the rest of the page may be older than the window
  }
  return page;
}

std::vector<std::shared_ptr<const PostView>> RecentPosts::since(const RecentWindow& window,
                                                                Id after,
                                                                const std::vector<Id>* authors) {
  std::vector<std::shared_ptr<const PostView>> came;
  for (auto post = window.posts.rbegin(); post != window.posts.rend() && (*post)->id > after;
       ++post) {
    if (by(authors, (*post)->author_id)) {
      came.push_back(*post);
    }
  }
  return came;
}

}  // namespace microblog::services

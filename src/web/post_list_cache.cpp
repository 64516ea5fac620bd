#include "web/post_list_cache.hpp"

namespace microblog::web {

PostListCache::PostListCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::size_t PostListCache::cost(const Entry& e) {
  // The strings plus a rough allowance for the list node, the map node and the shared block.
  constexpr std::size_t kOverhead = 160;
  return e.key.size() * 2 + e.html->size() + kOverhead;
}

PostListCache::Html PostListCache::find(const std::string& key, long long version) {
  {
    const std::lock_guard lock(mutex_);
    const auto it = by_key_.find(key);
    if (it != by_key_.end() && it->second->version >= version) {
      recent_.splice(recent_.begin(), recent_, it->second);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second->html;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

void PostListCache::store(const std::string& key, long long version, Html html) {
  if (max_bytes_ == 0 || !html) {
    return;
  }
  Entry entry{key, version, std::move(html)};
  if (cost(entry) > max_bytes_) {
    return;
  }
  // The replaced list is released after the lock: freeing 20 KB need not block readers.
  Html replaced;
  const std::lock_guard lock(mutex_);
  const auto it = by_key_.find(key);
  if (it != by_key_.end()) {
    if (it->second->version >= version) {
      return;  // another request stored one at least as new meanwhile
    }
    bytes_ -= cost(*it->second);
    replaced = std::move(it->second->html);
    recent_.erase(it->second);
    by_key_.erase(it);
  }
  bytes_ += cost(entry);
  recent_.push_front(std::move(entry));
  by_key_.emplace(key, recent_.begin());
  evict_over_budget();
}

void PostListCache::evict_over_budget() {
  while (bytes_ > max_bytes_ && !recent_.empty()) {
    const Entry& oldest = recent_.back();
    bytes_ -= cost(oldest);
    by_key_.erase(oldest.key);
    recent_.pop_back();
  }
}

std::size_t PostListCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace microblog::web

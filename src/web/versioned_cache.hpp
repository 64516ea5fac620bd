#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace microblog::web {

// What an entry of a VersionedCache costs, in bytes, beyond its fixed overhead: the memory a
// string holds, which is more than its text when it grew by appending.
inline std::size_t bytes_of(const std::string& s) {
  return s.capacity();
}

// Values stored under a key with the version they were read at, least recently used dropped
// first once their bytes (bytes_of the key and the value) pass the budget. A budget of 0 keeps
// nothing. Shared by every request thread: one short lock per look-up.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class VersionedCache {
 public:
  using Ptr = std::shared_ptr<const Value>;

  explicit VersionedCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The value stored under `key` if it is at least as new as `version`, else null.
  Ptr find(const Key& key, long long version) {
    {
      const std::lock_guard lock(mutex_);
      const auto it = by_key_.find(key);
      if (it != by_key_.end() && it->second->version >= version) {
        recent_.splice(recent_.begin(), recent_, it->second);
        hits_.fetch_add(1, std::memory_order_relaxed);
        return it->second->value;
      }
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }

  // Keeps `value` unless a value at least as new is already stored under `key`.
  void store(const Key& key, long long version, Ptr value) {
    if (max_bytes_ == 0 || !value) {
      return;
    }
    Entry entry{key, version, std::move(value)};
    if (cost(entry) > max_bytes_) {
      return;
    }
    // The replaced value is released after the lock: freeing 20 KB need not block readers.
    Ptr replaced;
    const std::lock_guard lock(mutex_);
    const auto it = by_key_.find(key);
    if (it != by_key_.end()) {
      if (it->second->version >= version) {
        return;  // another request stored one at least as new meanwhile
      }
      bytes_ -= cost(*it->second);
      replaced = std::move(it->second->value);
      recent_.erase(it->second);
      by_key_.erase(it);
    }
    bytes_ += cost(entry);
    recent_.push_front(std::move(entry));
    by_key_.emplace(key, recent_.begin());
    while (bytes_ > max_bytes_ && !recent_.empty()) {
      const Entry& oldest = recent_.back();
      bytes_ -= cost(oldest);
      by_key_.erase(oldest.key);
      recent_.pop_back();
    }
  }

  bool enabled() const { return max_bytes_ > 0; }
  std::size_t bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
  }
  long long hits() const { return hits_.load(std::memory_order_relaxed); }
  long long misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    Key key;
    long long version = 0;
    Ptr value;
  };
  static std::size_t cost(const Entry& e) {
    // The key twice (list and map), the value, and a rough allowance for the list node, the map
    // node and the shared block.
    constexpr std::size_t kOverhead = 160;
    return bytes_of(e.key) * 2 + bytes_of(*e.value) + kOverhead;
  }

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> by_key_;
  std::size_t bytes_ = 0;
  std::atomic<long long> hits_{0};
  std::atomic<long long> misses_{0};
};

}  // namespace microblog::web

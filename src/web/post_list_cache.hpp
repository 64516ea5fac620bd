#pragma once

#include <atomic>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace microblog::web {

// Rendered post lists, each stored under the content version it was read at
// (services::PostService::content_version), least recently used dropped first once the
// stored HTML passes the byte budget. A budget of 0 stores nothing.
class PostListCache {
 public:
  using Html = std::shared_ptr<const std::string>;

  explicit PostListCache(std::size_t max_bytes);

  // The list stored under `key` if it is at least as new as `version`, else null.
  Html find(const std::string& key, long long version);
  // Keeps `html` unless a list at least as new is already stored under `key`.
  void store(const std::string& key, long long version, Html html);

  bool enabled() const { return max_bytes_ > 0; }
  std::size_t bytes() const;
  long long hits() const { return hits_.load(std::memory_order_relaxed); }
  long long misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string key;
    long long version = 0;
    Html html;
  };
  static std::size_t cost(const Entry& e);
  void evict_over_budget();

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
  std::size_t bytes_ = 0;
  std::atomic<long long> hits_{0};
  std::atomic<long long> misses_{0};
};

}  // namespace microblog::web

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>

namespace microblog::db {

// This process's SQLite writers, served one at a time in the order they arrived. A mutex
// makes no such promise: the thread that just committed may take it again before the
// threads it woke get to run, and a writer that keeps losing that race times out (503)
// while later ones succeed. Tickets keep the queue first come, first served.
class WriterQueue {
 public:
  // Waits for this writer's turn for at most `timeout`; false, and out of the queue, after.
  bool acquire(std::chrono::milliseconds timeout);
  void release();

  // Writers waiting for their turn (not counting the one holding it).
  std::size_t waiting();

 private:
  void advance_locked();

  std::mutex mutex_;
  std::condition_variable turn_changed_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;
  bool held_ = false;
  std::set<std::uint64_t> gave_up_;  // tickets whose writers stopped waiting
};

}  // namespace microblog::db

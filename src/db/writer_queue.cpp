#include "db/writer_queue.hpp"

namespace microblog::db {

bool WriterQueue::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = next_ticket_++;
  const auto my_turn = [&] { return serving_ == ticket && !held_; };
  if (!turn_changed_.wait_for(lock, timeout, my_turn)) {
    gave_up_.insert(ticket);
    // The ticket may be the one being served now that nobody holds it: pass the turn on.
    if (!held_) {
      advance_locked();
    }
    return false;
  }
  held_ = true;
  return true;
}

void WriterQueue::release() {
  const std::lock_guard lock(mutex_);
  held_ = false;
  ++serving_;
  advance_locked();
}

std::size_t WriterQueue::waiting() {
  const std::lock_guard lock(mutex_);
  const std::uint64_t in_line = next_ticket_ - serving_ - (held_ ? 1 : 0);
  return static_cast<std::size_t>(in_line) - gave_up_.size();
}

void WriterQueue::advance_locked() {
  while (gave_up_.erase(serving_) > 0) {
    ++serving_;
  }
  turn_changed_.notify_all();
}

}  // namespace microblog::db

#include "services/session_read_batch.hpp"

#include <algorithm>
#include <unordered_map>

namespace microblog::services {

SessionReadBatch::SessionReadBatch(Reader read, std::size_t max_batch, std::size_t max_reads)
    : read_(std::move(read)),
      max_batch_(std::max<std::size_t>(max_batch, 1)),
      max_reads_(std::max<std::size_t>(max_reads, 1)) {}

std::optional<db::SessionRow> SessionReadBatch::find(const std::string& id_hash) {
  Waiter me{&id_hash, std::nullopt, nullptr, false, false};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&me);
  while (!me.done) {
    if (me.taken || reading_ >= max_reads_) {
      done_.wait(lock);
    } else {
      // A read is free: this request reads for everyone waiting, itself among them unless
      // another read took it or more than a batch came first (then it goes round again).
      read_batch(lock);
    }
  }
  if (me.error) {
    std::rethrow_exception(me.error);
  }
  return std::move(me.row);
}

std::size_t SessionReadBatch::waiting() {
  const std::lock_guard lock(mutex_);
  return waiting_.size();
}

void SessionReadBatch::read_batch(std::unique_lock<std::mutex>& lock) {
  ++reading_;
  const auto taken = static_cast<std::ptrdiff_t>(std::min(max_batch_, waiting_.size()));
  std::vector<Waiter*> batch(waiting_.begin(), waiting_.begin() + taken);
  waiting_.erase(waiting_.begin(), waiting_.begin() + taken);
  for (auto* w : batch) {
    w->taken = true;
  }
  lock.unlock();

  // Every waiter taken arrived before this point, hence before the read starts.
  std::vector<std::string> hashes;
  hashes.reserve(batch.size());
  for (const auto* w : batch) {
    if (std::find(hashes.begin(), hashes.end(), *w->id_hash) == hashes.end()) {
      hashes.push_back(*w->id_hash);
    }
  }
  std::unordered_map<std::string, db::SessionRow> found;
  std::exception_ptr error;
  try {
    for (auto& [hash, row] : read_(hashes)) {
      found.emplace(std::move(hash), std::move(row));
    }
  } catch (...) {
    error = std::current_exception();
  }

  lock.lock();
  for (auto* w : batch) {
    if (error) {
      w->error = error;
    } else if (const auto it = found.find(*w->id_hash); it != found.end()) {
      w->row = it->second;
    }
    w->done = true;
  }
  --reading_;
  done_.notify_all();
}

}  // namespace microblog::services

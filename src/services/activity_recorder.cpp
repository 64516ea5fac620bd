#include "services/activity_recorder.hpp"

#include <spdlog/spdlog.h>

#include "db/database.hpp"
#include "db/session_repository.hpp"
#include "db/user_repository.hpp"
#include "services/account_service.hpp"

namespace microblog::services {

ActivityRecorder::ActivityRecorder(db::Database& db, util::Micros period)
    : db_(db), period_(period), thread_([this] { loop(); }) {}

ActivityRecorder::~ActivityRecorder() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  flush();
}

void ActivityRecorder::user_seen(Id user_id, util::Micros now) {
  const std::lock_guard lock(mutex_);
  seen_[user_id] = now;
}

void ActivityRecorder::session_extended(const std::string& id_hash, util::Micros expires_us) {
  const std::lock_guard lock(mutex_);
  auto& expiry = expiries_[id_hash];
  expiry = std::max(expiry, expires_us);
}

std::size_t ActivityRecorder::pending() {
  const std::lock_guard lock(mutex_);
  return seen_.size() + expiries_.size();
}

void ActivityRecorder::flush() {
  const std::lock_guard one_at_a_time(flush_mutex_);
  std::unordered_map<Id, util::Micros> seen;
  std::unordered_map<std::string, util::Micros> expiries;
  {
    const std::lock_guard lock(mutex_);
    seen.swap(seen_);
    expiries.swap(expiries_);
  }
  if (seen.empty() && expiries.empty()) {
    return;
  }
  try {
    auto conn = db_.connect();
    db::Transaction tx(conn);
    // Conditional: with two instances, only the first of them in a minute writes the row.
    db::users::touch_last_seen_many(conn.sql(), {seen.begin(), seen.end()},
                                    AccountService::kLastSeenResolution);
    db::sessions::extend_expiries(conn.sql(), {expiries.begin(), expiries.end()});
    tx.commit();
  } catch (const std::exception& e) {
    spdlog::warn("could not write {} last-seen times and {} session expiries: {}", seen.size(),
                 expiries.size(), e.what());
  }
}

void ActivityRecorder::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    stop_cv_.wait_for(lock, std::chrono::microseconds(period_), [this] { return stop_; });
    if (stop_) {
      break;
    }
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace microblog::services

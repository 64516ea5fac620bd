#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// The bookkeeping a request would otherwise write itself: a user's last-seen time and a
// session's later expiry. Written on the request path, each was a write transaction, and on
// SQLite every write waits for the one writer: when many people arrive at once (a deploy, the
// morning), their first pages queued behind each other and behind the posts. Noted here
// instead, they are written by one thread in one transaction a second, and the requests never
// wait. What a crash loses is at most a second of it: a last-seen time a minute old, a session
// that expires at its previous time.
class ActivityRecorder {
 public:
  // Writes what was noted every `period` on a thread of its own, and once more when destroyed.
  ActivityRecorder(db::Database& db, util::Micros period);
  ActivityRecorder(const ActivityRecorder&) = delete;
  ActivityRecorder& operator=(const ActivityRecorder&) = delete;
  ~ActivityRecorder();

  void user_seen(Id user_id, util::Micros now);
  void session_extended(const std::string& id_hash, util::Micros expires_us);

  // Writes everything noted so far, now (tests, shutdown); a failure is logged and the notes
  // are dropped: they are bookkeeping, and the next request notes them again.
  void flush();

  std::size_t pending();

 private:
  void loop();

  db::Database& db_;
  const util::Micros period_;
  std::mutex mutex_;
  std::unordered_map<Id, util::Micros> seen_;
  std::unordered_map<std::string, util::Micros> expiries_;
  std::mutex flush_mutex_;  // one flush at a time: the thread's and an explicit one
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace microblog::services

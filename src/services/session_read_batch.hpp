#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/session_repository.hpp"

namespace microblog::services {

// Reads sessions for concurrent requests in one statement. On MariaDB each read is a network
// round trip and most of the database's work is the statement, not the rows: a request that
// arrives while a read is running waits for it to end and is then read together with every
// other request that arrived meanwhile (docs/performance.md, "Sessions read together").
//
// A request is only ever answered by a read that started after it arrived, so it sees every
// write committed before it: its session as the other instance of a pair left it, a version
// raised by a post the reader just saw succeed.
class SessionReadBatch {
 public:
  // Reads the live sessions among `id_hashes` (distinct), as (hash, row) pairs; throws on a
  // database error, which every request of the batch then sees.
  using Reader = std::function<std::vector<std::pair<std::string, db::SessionRow>>(
      const std::vector<std::string>& id_hashes)>;

  // At most `max_batch` sessions a read, and `max_reads` reads at once: a request that finds
  // every read taken waits for one of them to end.
  SessionReadBatch(Reader read, std::size_t max_batch, std::size_t max_reads);

  // The live session stored under `id_hash`, or none.
  std::optional<db::SessionRow> find(const std::string& id_hash);

  // Requests waiting for a read to take them (tests).
  std::size_t waiting();

 private:
  struct Waiter {
    const std::string* id_hash;
    std::optional<db::SessionRow> row;
    std::exception_ptr error;
    bool taken = false;  // by a read that has not ended
    bool done = false;
  };
  // Runs one read for the first max_batch_ waiters; called and returns with `lock` held.
  void read_batch(std::unique_lock<std::mutex>& lock);

  Reader read_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<Waiter*> waiting_;  // arrived, not taken by a read yet; oldest first
  std::size_t max_reads_;
  std::size_t reading_ = 0;  // reads running
};

}  // namespace microblog::services

#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "services/busy.hpp"

namespace microblog::services {

// argon2id through libsodium, on threads of its own. Each hash holds `memlimit` bytes and a
// core for ~100 ms, so at most `threads` run at once, and at most `queue` more wait for one of
// them; a request beyond that gets Busy at once. The request thread waits for its hash, but a
// waiting request gives up (Busy) if no thread took its hash within `max_wait`. So at most
// threads + queue request threads are ever held by hashing, and the rest keep serving.
class PasswordHasher {
 public:
  struct Settings {
    unsigned long long opslimit = 2;
    std::size_t memlimit_bytes = 64 * 1024 * 1024;
    int threads = 1;
    int queue = 1;
    std::chrono::milliseconds max_wait{5000};
    // Tests only (MICROBLOG_TEST_HOLD_DIR): while this folder holds the FIFO "hash-entered",
    // every hash announces itself on it and waits for a byte on "hash-release" before running.
    std::string test_hold_dir;
  };

  explicit PasswordHasher(Settings settings);
  // Tools and tests: `concurrency` threads and a queue long enough never to refuse them.
  PasswordHasher(unsigned long long opslimit, std::size_t memlimit_bytes, int concurrency);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;
  ~PasswordHasher();

  // Both throw Busy when the queue is full or the hash waited too long to start.
  std::string hash(std::string_view password);
  bool verify(const std::string& stored_hash, std::string_view password);
  bool needs_rehash(const std::string& stored_hash) const;

  // A hash of a random password, to verify against when the user does not exist, so that a
  // failed login takes the same time either way.
  const std::string& decoy_hash() const { return decoy_; }

  // How many verify() calls ran: the evidence, without timing anything, that a login for an
  // unknown name costs a hash as one for a known name does.
  unsigned long long verifications() const { return verifications_.load(); }
  // Hashes running or waiting now; and, for tests, a wait until there are at least `n`.
  int in_flight();
  void wait_until_in_flight(int n);
  // Changes Settings::max_wait for the hashes submitted from now on. A test shortens it only
  // once the threads are held, so that no other hash can lose the race against it.
  void set_max_wait(std::chrono::milliseconds max_wait);

 private:
  struct Job;
  void run(const std::function<void()>& work);
  void work_loop();
  std::string hash_now(std::string_view password) const;
  int retry_after_seconds() const;  // with mutex_ held

  const Settings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;     // workers: a job was queued, or stop
  std::condition_variable changed_;  // callers and tests: a job started or finished
  std::chrono::milliseconds max_wait_;
  std::deque<std::shared_ptr<Job>> queued_;
  int running_ = 0;
  bool stopping_ = false;
  double average_ms_ = 100;  // of recent hashes, for Retry-After
  std::string decoy_;
  std::atomic<unsigned long long> verifications_{0};
  std::vector<std::thread> threads_;
};

}  // namespace microblog::services

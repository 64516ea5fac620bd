#include "services/password_hasher.hpp"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <stdexcept>

#include "util/crypto.hpp"
#include "util/fifo.hpp"

namespace microblog::services {
namespace {

void hold_for_tests(const std::string& dir) {
  if (dir.empty()) {
    return;
  }
  const std::filesystem::path folder(dir);
  std::error_code ec;
  if (std::filesystem::is_fifo(folder / "hash-entered", ec)) {
    util::fifo_handshake((folder / "hash-entered").string(), (folder / "hash-release").string());
  }
}

}  // namespace

struct PasswordHasher::Job {
  explicit Job(const std::function<void()>& w) : work(w) {}
  // The caller's: it waits until the job is done, or takes it out of the queue before leaving.
  const std::function<void()>& work;
  enum class State { queued, running, done } state = State::queued;
  std::exception_ptr error;
};

PasswordHasher::PasswordHasher(Settings settings)
    : settings_(std::move(settings)), max_wait_(settings_.max_wait) {
  if (settings_.threads < 1 || settings_.queue < 0) {
    throw std::invalid_argument("password hashing needs a thread and a queue of 0 or more");
  }
  decoy_ = hash_now(util::random_token());
  threads_.reserve(static_cast<std::size_t>(settings_.threads));
  for (int i = 0; i < settings_.threads; ++i) {
    threads_.emplace_back([this] { work_loop(); });
  }
}

PasswordHasher::PasswordHasher(unsigned long long opslimit, std::size_t memlimit_bytes,
                               int concurrency)
    : PasswordHasher(
          Settings{opslimit, memlimit_bytes, concurrency, 1024, std::chrono::hours(1), ""}) {}

PasswordHasher::~PasswordHasher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  changed_.notify_all();
  for (auto& t : threads_) {
    t.join();
  }
}

std::string PasswordHasher::hash_now(std::string_view password) const {
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), settings_.opslimit,
                            settings_.memlimit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  out.resize(out.find('\0'));
  return out;
}

std::string PasswordHasher::hash(std::string_view password) {
  std::string out;
  run([&] { out = hash_now(password); });
  return out;
}

bool PasswordHasher::verify(const std::string& stored_hash, std::string_view password) {
  bool ok = false;
  run([&] {
    verifications_.fetch_add(1);
    ok = crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
  });
  return ok;
}

bool PasswordHasher::needs_rehash(const std::string& stored_hash) const {
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), settings_.opslimit,
                                        settings_.memlimit_bytes) != 0;
}

int PasswordHasher::retry_after_seconds() const {
  // Long enough for what is in flight now to be done, were nothing else to come.
  const double backlog_ms = average_ms_ * static_cast<double>(running_ + queued_.size() + 1) /
                            static_cast<double>(settings_.threads);
  return std::max(1, static_cast<int>(std::ceil(backlog_ms / 1000.0)));
}

void PasswordHasher::run(const std::function<void()>& work) {
  auto job = std::make_shared<Job>(work);
  std::unique_lock lock(mutex_);
  const int in_flight = running_ + static_cast<int>(queued_.size());
  if (stopping_ || in_flight >= settings_.threads + settings_.queue) {
    throw Busy("password hashing is at capacity", retry_after_seconds());
  }
  queued_.push_back(job);
  wake_.notify_one();
  changed_.notify_all();
  const auto started = [&] { return job->state != Job::State::queued || stopping_; };
  if (!changed_.wait_for(lock, max_wait_, started) || job->state == Job::State::queued) {
    // Not taken in time (or shutting down): the request is answered now, the work never runs.
    queued_.erase(std::find(queued_.begin(), queued_.end(), job));
    changed_.notify_all();
    throw Busy("password hash waited too long for a thread", retry_after_seconds());
  }
  // Started: argon2 ends on its own, so this wait is bounded by the work itself.
  changed_.wait(lock, [&] { return job->state == Job::State::done; });
  if (job->error) {
    std::rethrow_exception(job->error);
  }
}

void PasswordHasher::work_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
    if (stopping_) {
      return;
    }
    const auto job = queued_.front();
    queued_.pop_front();
    job->state = Job::State::running;
    ++running_;
    changed_.notify_all();
    lock.unlock();
    hold_for_tests(settings_.test_hold_dir);
    const auto began = std::chrono::steady_clock::now();
    try {
      job->work();
    } catch (...) {
      job->error = std::current_exception();
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    lock.lock();
    average_ms_ = 0.8 * average_ms_ + 0.2 * ms;
    --running_;
    job->state = Job::State::done;
    changed_.notify_all();
  }
}

int PasswordHasher::in_flight() {
  const std::lock_guard lock(mutex_);
  return running_ + static_cast<int>(queued_.size());
}

void PasswordHasher::wait_until_in_flight(int n) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return running_ + static_cast<int>(queued_.size()) >= n; });
}

void PasswordHasher::set_max_wait(std::chrono::milliseconds max_wait) {
  const std::lock_guard lock(mutex_);
  max_wait_ = max_wait;
}

}  // namespace microblog::services

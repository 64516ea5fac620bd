#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "db/database.hpp"
#include "db/job_repository.hpp"
#include "util/clock.hpp"

namespace microblog::metrics {
class Counter;
class Registry;
}  // namespace microblog::metrics

namespace microblog::jobs {

// The durable job queue (docs/jobs.md). Jobs live in the `job` table, so every instance sharing
// the database can run them and a crashed worker loses none.

struct JobSpec {
  std::string kind;
  nlohmann::json payload = nlohmann::json::object();
  db::Id user_id = 0;
  std::string description;
  int max_attempts = 5;
  util::Micros delay = 0;  // run no earlier than now + delay
};

// Adds a job inside the caller's transaction: it exists exactly when the caller's change does.
db::Id enqueue(soci::session& sql, const JobSpec& spec, util::Micros now = util::now_micros());

// Thrown by a handler when retrying cannot help (the job goes straight to `dead`).
class PermanentJobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The worker no longer holds the job (its lease ran out and another worker claimed it).
class LeaseLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a handler sees of the job it runs.
class JobContext {
 public:
  JobContext(db::Database& db, const db::JobRow& row, std::string owner, util::Micros lease,
             util::Micros clock_offset);

  const db::JobRow& row() const { return row_; }
  db::Id id() const { return row_.id; }
  const nlohmann::json& payload() const { return payload_; }

  // Records progress (0-100) and renews the lease; throws LeaseLost if the claim is gone.
  void progress(int percent);
  // Renews the lease, so the caller holds the job for a full lease from now; throws LeaseLost.
  // Call it right before a side effect that takes less than the lease (sending a mail).
  void renew();
  // The payload to keep once the job finishes (done or dead), e.g. without a secret link.
  void set_final_payload(nlohmann::json payload) { final_payload_ = std::move(payload); }
  const nlohmann::json& final_payload() const { return final_payload_; }

  util::Micros now() const { return util::now_micros() + clock_offset_; }

 private:
  void renew_with(int progress);

  db::Database& db_;
  db::JobRow row_;
  nlohmann::json payload_;
  nlohmann::json final_payload_;
  std::string owner_;
  util::Micros lease_;
  util::Micros clock_offset_;
};

// Throws to fail the attempt (retried with back-off unless PermanentJobError).
using Handler = std::function<void(JobContext&)>;

struct RunnerOptions {
  std::string worker_name;  // host:pid by default; part of every claim's fencing token
  util::Micros lease = util::seconds(60);
  util::Micros retry_base = util::seconds(30);
  util::Micros retry_max = util::seconds(3600);
  // Where the outcomes of this process's attempts are counted by kind, and the queue's jobs by
  // state are read at each scrape (docs/observability.md); none without.
  metrics::Registry* metrics = nullptr;
};

// Claims and runs jobs. Thread-safe: several worker threads (and processes) share one database.
class Runner {
 public:
  Runner(db::Database& db, RunnerOptions options);

  // Call while wiring, before any worker thread starts.
  void register_kind(const std::string& kind, Handler handler);

  // Claims one claimable job and runs it; false when nothing was claimable. `now` may be
  // moved forward by tests to make retries due without waiting.
  bool run_one(util::Micros now = util::now_micros());
  // Runs jobs until none is claimable; returns how many ran.
  int run_until_idle(util::Micros now = util::now_micros());

  // Wakes idle workers of this process (after a commit that enqueued something).
  void notify();
  // Waits up to `timeout` for notify() or stop(); true when stopped.
  bool wait(std::chrono::milliseconds timeout);
  void stop();
  bool stopped();

  // Delay before retry number `attempts` + 1: base * 2^(attempts - 1), capped.
  static util::Micros retry_delay(int attempts, util::Micros base, util::Micros max);

 private:
  // A kind's outcomes in this process; null counters without a registry.
  struct Outcomes {
    metrics::Counter* completed = nullptr;
    metrics::Counter* retried = nullptr;
    metrics::Counter* dead = nullptr;
  };
  Outcomes outcomes_for(const std::string& kind);
  const Outcomes& outcomes_of(const std::string& kind) const;
  void run_claimed(db::JobRow row, const std::string& owner, util::Micros now);
  std::string next_owner();

  db::Database& db_;
  RunnerOptions options_;
  std::map<std::string, Handler> handlers_;
  // Filled with handlers_, read-only afterwards; kinds without a handler count as "other".
  std::map<std::string, Outcomes> outcomes_;
  Outcomes other_outcomes_;
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned long long wakeups_ = 0;
  bool stop_ = false;
  unsigned long long claims_ = 0;
};

}  // namespace microblog::jobs

#include "jobs/job_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "metrics/registry.hpp"
#include "util/crypto.hpp"

namespace microblog::jobs {
namespace {

std::string default_worker_name() {
  char host[64] = {};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", std::string(host).substr(0, 30), ::getpid());
}

std::string truncate_error(const std::string& what) {
  return what.size() > 2000 ? what.substr(0, 2000) + "..." : what;
}

void count(metrics::Counter* counter) {
  if (counter != nullptr) {
    counter->inc();
  }
}

// The states a scrape always shows, at 0 when no job is in them: a series that vanishes
// whenever its state empties would break the alerts' rate() and absent() checks.
constexpr std::array<const char*, 4> kStates = {"queued", "running", "done", "dead"};

// The job table by state, one GROUP BY per scrape. A short wait for a connection: when the pool
// is exhausted the scrape leaves the family out rather than wait behind the site's requests.
std::vector<metrics::Registry::LabeledValue> jobs_by_state(db::Database& db) {
  std::map<std::string, long long> counts;
  try {
    auto conn = db.connect(std::chrono::milliseconds(500));
    counts = db::jobs::count_by_state(conn.sql());
  } catch (const std::exception& e) {
    spdlog::warn("metrics: cannot count the jobs by state: {}", e.what());
    throw;
  }
  std::vector<metrics::Registry::LabeledValue> samples;
  for (const char* state : kStates) {
    const auto it = counts.find(state);
    samples.push_back(
        {{{"state", state}}, it == counts.end() ? 0.0 : static_cast<double>(it->second)});
  }
  return samples;
}

}  // namespace

db::Id enqueue(soci::session& sql, const JobSpec& spec, util::Micros now) {
  db::NewJob job;
  job.kind = spec.kind;
  job.payload_json = spec.payload.dump();
  job.user_id = spec.user_id;
  job.description = spec.description.substr(0, 128);
  job.max_attempts = std::max(1, spec.max_attempts);
  job.run_after_us = now + spec.delay;
  job.now_us = now;
  return db::jobs::insert(sql, job);
}

JobContext::JobContext(db::Database& db, const db::JobRow& row, std::string owner,
                       util::Micros lease, util::Micros clock_offset)
    : db_(db),
      row_(row),
      payload_(nlohmann::json::parse(row.payload_json, nullptr, false)),
      final_payload_(payload_),
      owner_(std::move(owner)),
      lease_(lease),
      clock_offset_(clock_offset) {
  if (payload_.is_discarded()) {
    throw PermanentJobError("the job's payload is not valid JSON");
  }
}

void JobContext::progress(int percent) {
  renew_with(std::clamp(percent, 0, 100));
}

void JobContext::renew() {
  renew_with(-1);
}

void JobContext::renew_with(int progress) {
  const util::Micros t = now();
  auto conn = db_.connect();
  if (!db::jobs::renew(conn.sql(), row_.id, owner_, t, t + lease_, progress)) {
    throw LeaseLost(fmt::format("job {} is no longer held by {}", row_.id, owner_));
  }
}

Runner::Runner(db::Database& db, RunnerOptions options) : db_(db), options_(std::move(options)) {
  if (options_.worker_name.empty()) {
    options_.worker_name = default_worker_name();
  }
  other_outcomes_ = outcomes_for("other");
  if (options_.metrics != nullptr) {
    options_.metrics->gauge_samples("microblog_jobs", "Jobs in the queue's table, by state",
                                    [this] { return jobs_by_state(db_); });
  }
}

Runner::Outcomes Runner::outcomes_for(const std::string& kind) {
  Outcomes o;
  if (auto* registry = options_.metrics) {
    const metrics::Labels labels = {{"kind", kind}};
    o.completed = &registry->counter("microblog_jobs_completed_total",
                                     "Jobs this process ran to completion, by kind", labels);
    o.retried =
        &registry->counter("microblog_job_retries_total",
                           "Job attempts in this process that failed and will be retried", labels);
    o.dead = &registry->counter("microblog_jobs_dead_total",
                                "Jobs that became dead (no more attempts) in this process", labels);
  }
  return o;
}

const Runner::Outcomes& Runner::outcomes_of(const std::string& kind) const {
  const auto it = outcomes_.find(kind);
  return it == outcomes_.end() ? other_outcomes_ : it->second;
}

void Runner::register_kind(const std::string& kind, Handler handler) {
  // Called while wiring, before any worker thread starts: the maps are read without a lock.
  handlers_[kind] = std::move(handler);
  outcomes_[kind] = outcomes_for(kind);
}

util::Micros Runner::retry_delay(int attempts, util::Micros base, util::Micros max) {
  const int doublings = std::clamp(attempts - 1, 0, 20);
  return std::min(base << doublings, max);
}

std::string Runner::next_owner() {
  // Unique per claim, not per worker: a worker that claims the same job twice (after losing
  // it once) must not be able to complete it with the old claim.
  unsigned long long n = 0;
  {
    const std::lock_guard lock(mutex_);
    n = ++claims_;
  }
  return fmt::format("{}:{}:{}", options_.worker_name, n, util::random_token().substr(0, 8))
      .substr(0, 64);
}

bool Runner::run_one(util::Micros now) {
  std::vector<db::Id> candidates;
  {
    auto conn = db_.connect();
    candidates = db::jobs::find_claimable(conn.sql(), now, 8);
  }
  for (const db::Id id : candidates) {
    const std::string owner = next_owner();
    std::optional<db::JobRow> row;
    {
      auto conn = db_.connect();
      if (!db::jobs::claim(conn.sql(), id, owner, now, now + options_.lease)) {
        continue;  // another worker was faster
      }
      row = db::jobs::find(conn.sql(), id);
    }
    if (row) {
      run_claimed(std::move(*row), owner, now);
      return true;
    }
  }
  return false;
}

int Runner::run_until_idle(util::Micros now) {
  int n = 0;
  while (run_one(now)) {
    ++n;
  }
  return n;
}

void Runner::run_claimed(db::JobRow row, const std::string& owner, util::Micros now) {
  const util::Micros offset = now - util::now_micros();
  std::string error;
  bool permanent = false;
  nlohmann::json final_payload = nlohmann::json::parse(row.payload_json, nullptr, false);
  if (row.attempts > row.max_attempts) {
    // Only a job whose workers kept dying gets here (each take-over counts as an attempt).
    error = fmt::format("gave up after {} attempts; last: {}", row.max_attempts,
                        row.last_error.empty() ? "the worker stopped mid-job" : row.last_error);
    permanent = true;
  } else if (const auto it = handlers_.find(row.kind); it == handlers_.end()) {
    error = fmt::format("no handler for job kind '{}' in this worker", row.kind);
  } else {
    try {
      JobContext ctx(db_, row, owner, options_.lease, offset);
      final_payload = ctx.final_payload();
      try {
        it->second(ctx);
      } catch (...) {
        final_payload = ctx.final_payload();
        throw;
      }
      auto conn = db_.connect();
      const util::Micros t = util::now_micros() + offset;
      if (db::jobs::complete(conn.sql(), row.id, owner, t, ctx.final_payload().dump())) {
        count(outcomes_of(row.kind).completed);
        spdlog::info("job {} ({}) done after {} attempt(s)", row.id, row.kind, row.attempts);
      } else {
        spdlog::warn("job {} ({}) finished but its lease had passed to another worker", row.id,
                     row.kind);
      }
      return;
    } catch (const LeaseLost& e) {
      spdlog::warn("job {} ({}) abandoned: {}", row.id, row.kind, e.what());
      return;
    } catch (const PermanentJobError& e) {
      error = e.what();
      permanent = true;
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  const bool dead = permanent || row.attempts >= row.max_attempts;
  const util::Micros t = util::now_micros() + offset;
  const util::Micros retry_at =
      t + retry_delay(row.attempts, options_.retry_base, options_.retry_max);
  try {
    auto conn = db_.connect();
    // The payload is kept while a retry may need it; a dead job keeps the scrubbed one.
    const std::string payload =
        dead && !final_payload.is_discarded() ? final_payload.dump() : row.payload_json;
    if (db::jobs::fail(conn.sql(), row.id, owner, t, truncate_error(error), dead, retry_at,
                       payload)) {
      count(dead ? outcomes_of(row.kind).dead : outcomes_of(row.kind).retried);
    }
  } catch (const std::exception& e) {
    spdlog::error("job {} ({}): recording its failure failed too: {}", row.id, row.kind, e.what());
  }
  if (dead) {
    spdlog::error("job {} ({}) is dead after attempt {}: {}", row.id, row.kind, row.attempts,
                  error);
  } else {
    spdlog::warn("job {} ({}) attempt {} failed, retrying in {} s: {}", row.id, row.kind,
                 row.attempts, (retry_at - t) / util::kMicrosPerSecond, error);
  }
}

void Runner::notify() {
  {
    const std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

bool Runner::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto seen = wakeups_;
  cv_.wait_for(lock, timeout, [&] { return stop_ || wakeups_ != seen; });
  return stop_;
}

void Runner::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
}

bool Runner::stopped() {
  const std::lock_guard lock(mutex_);
  return stop_;
}

}  // namespace microblog::jobs

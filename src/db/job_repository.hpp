#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

struct JobRow {
  Id id = 0;
  std::string kind;
  std::string payload_json;
  std::string state;  // queued | running | done | dead
  Id user_id = 0;     // 0: none
  std::string description;
  int attempts = 0;
  int max_attempts = 0;
  int progress = 0;
  util::Micros run_after_us = 0;
  util::Micros lease_until_us = 0;
  std::string lease_owner;
  std::string last_error;
  util::Micros created_us = 0;
  util::Micros updated_us = 0;
};

struct NewJob {
  std::string kind;
  std::string payload_json = "{}";
  Id user_id = 0;
  std::string description;
  int max_attempts = 5;
  util::Micros run_after_us = 0;
  util::Micros now_us = 0;
};

// SQL for the job table. Every state change after the claim is fenced by lease_owner, a token
// unique to one claim: a worker whose lease ran out and was taken over changes nothing.
namespace jobs {

Id insert(soci::session& sql, const NewJob& job);
std::optional<JobRow> find(soci::session& sql, Id id);

// Ids of jobs that may be claimed now (due and queued, or running with an expired lease).
std::vector<Id> find_claimable(soci::session& sql, util::Micros now, int limit);
// Atomically takes the job if it is still claimable; attempts grows by one. True if taken.
bool claim(soci::session& sql, Id id, const std::string& owner, util::Micros now,
           util::Micros lease_until);
// Extends the lease (and sets progress when >= 0); false when the claim was lost.
bool renew(soci::session& sql, Id id, const std::string& owner, util::Micros now,
           util::Micros lease_until, int progress);
// running -> done, progress 100; `payload_json` replaces the payload (e.g. scrubs a token).
bool complete(soci::session& sql, Id id, const std::string& owner, util::Micros now,
              const std::string& payload_json);
// running -> queued (due at `retry_at`), or -> dead when `dead`; records the error.
bool fail(soci::session& sql, Id id, const std::string& owner, util::Micros now,
          const std::string& error, bool dead, util::Micros retry_at,
          const std::string& payload_json);
// How many jobs are in each state (those with none are absent).
std::map<std::string, long long> count_by_state(soci::session& sql);
}  // namespace jobs
}  // namespace microblog::db

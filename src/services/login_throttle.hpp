#pragma once

#include <string>

#include "util/clock.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// Rate limit on failed logins, per account name and per client address, counted in the
// database so that every instance behind a load balancer sees the same numbers. Past the
// allowance each further failure doubles the wait (30 s, 60 s, ... up to 15 minutes) instead of
// locking the account, so an attacker cannot lock a victim out for long.
class LoginThrottle {
 public:
  LoginThrottle(db::Database& db, int failures_per_account, int failures_per_ip);

  // Seconds the caller must wait before trying again; 0 when allowed.
  int retry_after_seconds(const std::string& account, const std::string& ip, util::Micros now);
  void record_failure(const std::string& account, const std::string& ip, util::Micros now);
  void record_success(const std::string& account);

  static constexpr util::Micros kWindow = util::seconds(3600);
  static constexpr util::Micros kBaseDelay = util::seconds(30);
  static constexpr util::Micros kMaxDelay = util::seconds(15 * 60);

 private:
  db::Database& db_;
  int per_account_;
  int per_ip_;
};

// The wait after `failures` failures against an allowance of `allowed`.
util::Micros backoff_delay(int failures, int allowed);

}  // namespace microblog::services

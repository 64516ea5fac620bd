#pragma once

#include <string>

#include "util/clock.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// Rate limit on failed sign-ins, counted in the database so that every instance behind a load
// balancer sees the same numbers. Three counts, each over an hour:
//  - per client address, over all accounts: past its allowance the address waits before any
//    of its sign-ins is checked;
//  - per account name, from anywhere: past its allowance the account has a wait, which holds
//    back only the addresses that have failed against it;
//  - per account and address: which addresses those are.
// A wait starts at 30 s and doubles with each further failure, up to 15 minutes. An address
// that is not itself held back always has its password checked, so the owner gets in however
// many addresses are guessing, while each guessing address gets one guess per wait of the
// account, and that wait grows as long as the guessing goes on. Nothing is locked for good.
class LoginThrottle {
 public:
  LoginThrottle(db::Database& db, int failures_per_account, int failures_per_ip);

  // Seconds `ip` must wait before trying `account` again; 0 when its password may be checked.
  int retry_after_seconds(const std::string& account, const std::string& ip, util::Micros now);
  void record_failure(const std::string& account, const std::string& ip, util::Micros now);
  // The right password came from `ip`: it no longer counts as guessing this account. The
  // account's count stays (a sign-in by the owner must not free the guessers) and so does the
  // address's (one good password must not reset a spray across accounts).
  void record_success(const std::string& account, const std::string& ip);

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

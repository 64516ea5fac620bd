#include "services/login_throttle.hpp"

#include <algorithm>

#include "db/database.hpp"
#include "db/throttle_repository.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"

namespace microblog::services {
namespace {

std::string account_key(const std::string& account) {
  return "login:account:" + util::to_lower_ascii(account).substr(0, 150);
}

std::string login_ip_key(const std::string& ip) {
  return "login:ip:" + ip.substr(0, 150);
}

// Hashed: a name and an address together could pass the key column's 191 characters.
std::string pair_key(const std::string& account, const std::string& ip) {
  return "login:pair:" + util::sha256_hex(util::to_lower_ascii(account) + "\n" + ip);
}

}  // namespace

util::Micros backoff_delay(int failures, int allowed) {
  if (failures < allowed) {
    return 0;
  }
  const int doublings = std::min(failures - allowed, 10);
  return std::min(LoginThrottle::kBaseDelay << doublings, LoginThrottle::kMaxDelay);
}

LoginThrottle::LoginThrottle(db::Database& db, int failures_per_account, int failures_per_ip)
    : db_(db), per_account_(failures_per_account), per_ip_(failures_per_ip) {}

int LoginThrottle::retry_after_seconds(const std::string& account, const std::string& ip,
                                       util::Micros now) {
  auto conn = db_.connect();
  const auto by_ip = db::throttles::get(conn.sql(), login_ip_key(ip));
  util::Micros until = by_ip.blocked_until_us;
  const auto here = db::throttles::get(conn.sql(), pair_key(account, ip));
  if (here.failures > 0 && here.window_start_us + kWindow > now) {
    // This address has guessed at the account: the account's wait applies to it.
    const auto by_account = db::throttles::get(conn.sql(), account_key(account));
    until = std::max(until, by_account.blocked_until_us);
  }
  if (until <= now) {
    return 0;
  }
  return static_cast<int>((until - now + util::kMicrosPerSecond - 1) / util::kMicrosPerSecond);
}

void LoginThrottle::record_failure(const std::string& account, const std::string& ip,
                                   util::Micros now) {
  auto conn = db_.connect();
  db::Transaction tx(conn);
  const util::Micros floor = now - kWindow;
  for (const auto& [key, allowed] :
       {std::pair{account_key(account), per_account_}, std::pair{login_ip_key(ip), per_ip_}}) {
    const int failures = db::throttles::add_failure(conn.sql(), conn.dialect(), key, now, floor);
    const util::Micros delay = backoff_delay(failures, allowed);
    if (delay > 0) {
      db::throttles::set_blocked_until(conn.sql(), key, now + delay);
    }
  }
  db::throttles::add_failure(conn.sql(), conn.dialect(), pair_key(account, ip), now, floor);
  tx.commit();
}

void LoginThrottle::record_success(const std::string& account, const std::string& ip) {
  auto conn = db_.connect();
  db::throttles::clear(conn.sql(), pair_key(account, ip));
}

}  // namespace microblog::services

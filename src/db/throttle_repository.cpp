#include "db/throttle_repository.hpp"

namespace microblog::db::throttles {

ThrottleState get(soci::session& sql, const std::string& key) {
  ThrottleState s;
  sql << "SELECT failures, window_start_us, blocked_until_us FROM throttle WHERE throttle_key = :k",
      soci::use(key), soci::into(s.failures), soci::into(s.window_start_us),
      soci::into(s.blocked_until_us);
  if (!sql.got_data()) {
    return {};
  }
  return s;
}

int add_failure(soci::session& sql, Dialect dialect, const std::string& key, util::Micros now,
                util::Micros window_floor) {
  // One atomic upsert per dialect: two instances counting the same key never lose a failure.
  if (dialect == Dialect::sqlite) {
    sql << "INSERT INTO throttle (throttle_key, failures, window_start_us, blocked_until_us) "
           "VALUES (:k, 1, :now, 0) ON CONFLICT (throttle_key) DO UPDATE SET "
           "failures = CASE WHEN window_start_us < :floor THEN 1 ELSE failures + 1 END, "
           "window_start_us = CASE WHEN window_start_us < :floor2 THEN :now2 "
           "ELSE window_start_us END",
        soci::use(key), soci::use(now), soci::use(window_floor), soci::use(window_floor),
        soci::use(now);
  } else {
    // MariaDB evaluates the SET list left to right, so the window test must come first.
    sql << "INSERT INTO throttle (throttle_key, failures, window_start_us, blocked_until_us) "
           "VALUES (:k, 1, :now, 0) ON DUPLICATE KEY UPDATE "
           "failures = IF(window_start_us < :floor, 1, failures + 1), "
           "window_start_us = IF(window_start_us < :floor2, :now2, window_start_us)",
        soci::use(key), soci::use(now), soci::use(window_floor), soci::use(window_floor),
        soci::use(now);
  }
  int failures = 0;
  sql << "SELECT failures FROM throttle WHERE throttle_key = :k", soci::use(key),
      soci::into(failures);
  return failures;
}

void set_blocked_until(soci::session& sql, const std::string& key, util::Micros until) {
  sql << "UPDATE throttle SET blocked_until_us = :u WHERE throttle_key = :k", soci::use(until),
      soci::use(key);
}

void clear(soci::session& sql, const std::string& key) {
  sql << "DELETE FROM throttle WHERE throttle_key = :k", soci::use(key);
}

long long remove_stale(soci::session& sql, util::Micros window_floor, util::Micros now) {
  soci::statement st = (sql.prepare << "DELETE FROM throttle WHERE window_start_us < :floor "
                                       "AND blocked_until_us <= :now",
                        soci::use(window_floor), soci::use(now));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace microblog::db::throttles

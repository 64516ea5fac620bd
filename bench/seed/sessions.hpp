#pragma once

#include <string>
#include <vector>

#include "db/database.hpp"
#include "util/clock.hpp"

namespace microblog::bench {

// Signed-in sessions for users user<first>..user<first + count - 1>, written straight into the
// session table as SessionService::log_in would write them, so that a benchmark can sign in
// thousands of users without thousands of argon2 hashes. Sessions of those users created before
// `now` go first: they are the leftovers of earlier runs (bench data only), while a second call
// with the same `now` keeps what the first wrote when the two user ranges overlap. Returns the
// cookie values in user order.
std::vector<std::string> create_sessions(db::Connection& conn, int first, int count,
                                         util::Micros now, util::Micros lifetime);

}  // namespace microblog::bench

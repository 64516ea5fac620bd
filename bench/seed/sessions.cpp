#include "seed/sessions.hpp"

#include <stdexcept>

#include <soci/soci.h>

#include "db/session_repository.hpp"
#include "util/crypto.hpp"

namespace microblog::bench {

std::vector<std::string> create_sessions(db::Connection& conn, int first, int count,
                                         util::Micros now, util::Micros lifetime) {
  std::vector<std::string> cookies;
  cookies.reserve(static_cast<std::size_t>(count));
  auto& sql = conn.sql();
  // One transaction: thousands of commits would each wait for a sync of the database file.
  db::Transaction tx(conn);
  for (int k = first; k < first + count; ++k) {
    const std::string name = "user" + std::to_string(k);
    long long id = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM user WHERE username_key = :k", soci::use(name), soci::into(id, ind);
    if (!sql.got_data() || ind != soci::i_ok) {
      throw std::runtime_error("no user " + name + " in the database: seed it first");
    }
    sql << "DELETE FROM session WHERE user_id = :u AND created_us < :now", soci::use(id),
        soci::use(now);
    // The cookie is what the server issues (util::random_token); only its hash is stored.
    std::string cookie = util::random_token();
    db::sessions::insert(sql, util::sha256_hex(cookie), id, "{}", false, now, now + lifetime);
    cookies.push_back(std::move(cookie));
  }
  tx.commit();
  return cookies;
}

}  // namespace microblog::bench

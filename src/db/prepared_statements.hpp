#pragma once

#include <memory>
#include <typeindex>
#include <unordered_map>

#include <soci/soci.h>

namespace microblog::db {

// Statements kept prepared on one pooled connection, for the queries that run on every
// request. On SQLite, preparing them cost more than running them: 27 % of the server's CPU in
// sqlite3_prepare_v2 under load on /explore (docs/performance.md).
//
// A statement type T owns its bound variables and its soci::statement, prepared in its
// constructor from a soci::session& (members bound before the statement is declared last):
//   struct CountPosts { long long n = 0; soci::statement st;
//     explicit CountPosts(soci::session& sql)
//         : st((sql.prepare << "SELECT COUNT(*) FROM post", soci::into(n))) {} };
// Use it through Connection::with_prepared, which drops it if it fails.
class PreparedStatements {
 public:
  template <typename T>
  T& get(soci::session& sql) {
    auto& slot = by_type_[std::type_index(typeid(T))];
    if (!slot) {
      slot = std::make_shared<T>(sql);
    }
    return *static_cast<T*>(slot.get());
  }

  template <typename T>
  void forget() {
    by_type_.erase(std::type_index(typeid(T)));
  }

  // After a reconnect: statements of the old connection are useless.
  void clear() { by_type_.clear(); }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> by_type_;
};

// Runs a prepared single-row query and reads it to the end. SQLite keeps a read transaction
// open for as long as a statement has not run to completion, so a statement left after its
// first row would pin every later query on the connection to an old snapshot.
inline bool fetch_single_row(soci::statement& st) {
  const bool got = st.execute(true);
  if (got) {
    while (st.fetch()) {
    }
  }
  return got;
}

}  // namespace microblog::db

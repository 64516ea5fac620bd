#include <gtest/gtest.h>

#include "db/content_version_repository.hpp"
#include "db/database_url.hpp"
#include "db/session_repository.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

class PreparedStatementsTest : public ::testing::TestWithParam<std::string> {};

long long count_posts(db::Connection& conn) {
  long long n = 0;
  conn.sql() << "SELECT COUNT(*) FROM post", soci::into(n);
  return n;
}

// A statement kept prepared must not keep its connection on an old snapshot: after it ran,
// the next query on the same connection sees what other connections committed meanwhile.
TEST_P(PreparedStatementsTest, AKeptStatementLeavesNoSnapshotBehind) {
  TestDatabase database(GetParam());
  const std::string hash_a(64, 'a');
  db::Database reader(db::parse_database_url(database.url()), 1);  // one connection, reused
  long long before = 0;
  {
    auto conn = reader.connect();
    before = db::content_version::current(conn);
    EXPECT_FALSE(db::sessions::find_live(conn, hash_a, 0));
  }
  {
    auto conn = database.db().connect();
    db::Transaction tx(conn);
    conn.sql() << "INSERT INTO user (username, username_key, email, email_key, password_hash, "
                  "created_us, last_seen_us) VALUES ('u', 'u', 'e', 'e', 'h', 0, 0)";
    conn.sql() << "INSERT INTO post (user_id, body, language, created_us) "
                  "SELECT id, 'hello', '', 0 FROM user WHERE username_key = 'u'";
    conn.sql() << "INSERT INTO session (id_hash, user_id, data_json, remember, created_us, "
                  "expires_us) SELECT :h, id, '{}', 0, 0, 100 FROM user WHERE username_key = 'u'",
        soci::use(hash_a);
    Id user_id = 0;
    conn.sql() << "SELECT id FROM user WHERE username_key = 'u'", soci::into(user_id);
    db::content_version::advance(conn.sql(), user_id, db::content_version::Change::posted);
    tx.commit();
  }
  auto conn = reader.connect();
  EXPECT_EQ(count_posts(conn), 1);
  EXPECT_EQ(db::content_version::current(conn), before + 1);
  // The same statements again, with other values bound.
  const auto live = db::sessions::find_live(conn, hash_a, 50);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->username, "u");
  EXPECT_FALSE(db::sessions::find_live(conn, hash_a, 100));  // expired by then
  EXPECT_FALSE(db::sessions::find_live(conn, std::string(64, 'b'), 50));
}

INSTANTIATE_TEST_SUITE_P(Backends, PreparedStatementsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

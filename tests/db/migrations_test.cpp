#include "db/migrations.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "db/post_repository.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

class MigrationsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigrationsTest, UpgradeIsIdempotentAndStatusIsTracked) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::behind);
  const auto applied = db::upgrade_schema(database.db());
  EXPECT_EQ(applied.size(), db::known_migrations(database.db().dialect()).size());
  EXPECT_TRUE(db::upgrade_schema(database.db()).empty());
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::current);
  auto conn = database.db().connect();
  conn.sql() << "INSERT INTO schema_migrations (version, name, applied_us) VALUES (999, 'x', 0)";
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::ahead);
}

TEST_P(MigrationsTest, UnicodeRoundTripsIncludingEmoji) {
  TestDatabase database(GetParam());
  auto conn = database.db().connect();
  const std::string about = "hola niño 👋";
  conn.sql() << "INSERT INTO user (username, username_key, email, email_key, password_hash, "
                "about_me, created_us, last_seen_us) VALUES ('u', 'u', 'e', 'e', 'h', :a, 0, 0)",
      soci::use(about);
  std::string back;
  conn.sql() << "SELECT about_me FROM user WHERE username_key = 'u'", soci::into(back);
  EXPECT_EQ(back, about);
}

TEST_P(MigrationsTest, ForeignKeysAreEnforced) {
  TestDatabase database(GetParam());
  auto conn = database.db().connect();
  EXPECT_ANY_THROW(conn.sql() << "INSERT INTO post (user_id, body, language, created_us) "
                                 "VALUES (12345, 'orphan', '', 0)");
}

// 0003 numbers the posts already there by id, whatever order they were written in, and new
// posts continue after them.
TEST_P(MigrationsTest, PositionsNumberExistingPostsInIdOrder) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  auto conn = database.db().connect();
  auto& sql = conn.sql();
  // The schema as 0002 left it, recorded as applied.
  sql << "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
         "name VARCHAR(128) NOT NULL, applied_us BIGINT NOT NULL)";
  for (const auto& m : db::known_migrations(database.db().dialect())) {
    if (m.version <= 2) {
      for (const auto& statement : m.statements) {
        sql << statement;
      }
      sql << "INSERT INTO schema_migrations (version, name, applied_us) VALUES (:v, :n, 0)",
          soci::use(m.version), soci::use(m.name);
    }
  }
  sql << "INSERT INTO user (id, username, username_key, email, email_key, password_hash, "
         "created_us, last_seen_us) VALUES (1, 'u', 'u', 'e', 'e', 'h', 0, 0)";
  for (const int id : {5, 3, 9, 1, 7}) {
    sql << "INSERT INTO post (id, user_id, body, language, created_us) "
           "VALUES (:id, 1, 'b', '', 0)",
        soci::use(id);
  }
  EXPECT_EQ(db::upgrade_schema(database.db()), std::vector<int>{3});

  std::vector<std::pair<long long, long long>> positions;
  long long id = 0;
  long long position = 0;
  soci::statement st = (sql.prepare << "SELECT id, position FROM post ORDER BY id", soci::into(id),
                        soci::into(position));
  st.execute();
  while (st.fetch()) {
    positions.emplace_back(id, position);
  }
  EXPECT_EQ(positions,
            (std::vector<std::pair<long long, long long>>{{1, 1}, {3, 2}, {5, 3}, {7, 4}, {9, 5}}));
  db::Transaction tx(conn);
  const Id next = db::posts::insert(sql, {1, "new", "", 0});
  tx.commit();
  sql << "SELECT position FROM post WHERE id = :id", soci::use(next), soci::into(position);
  EXPECT_GT(next, 9);
  EXPECT_EQ(position, 6);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

#include "db/migrations.hpp"

#include <gtest/gtest.h>

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

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

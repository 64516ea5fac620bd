#include "db/migrations.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/core.hpp"
#include "db/post_repository.hpp"
#include "services/search_service.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

class MigrationsTest : public ::testing::TestWithParam<std::string> {};

// What a build from before the kind column left: its schema_migrations table (no kind column),
// and the known migrations up to `last_version` applied and recorded there.
void apply_as_a_build_before_kinds(db::Connection& conn, db::Dialect dialect, int last_version) {
  auto& sql = conn.sql();
  sql << "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
         "name VARCHAR(128) NOT NULL, applied_us BIGINT NOT NULL)";
  for (const auto& m : db::known_migrations(dialect)) {
    if (m.version > last_version) {
      break;
    }
    for (const auto& statement : m.statements) {
      sql << statement;
    }
    sql << "INSERT INTO schema_migrations (version, name, applied_us) VALUES (:v, :n, 0)",
        soci::use(m.version), soci::use(m.name);
  }
}

TEST_P(MigrationsTest, UpgradeIsIdempotentAndStatusIsTracked) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::behind);
  const auto applied = db::upgrade_schema(database.db());
  EXPECT_EQ(applied.size(), db::known_migrations(database.db().dialect()).size());
  EXPECT_TRUE(db::upgrade_schema(database.db()).empty());
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::current);
  auto conn = database.db().connect();
  // A row without a kind (as a build from before the kind column writes it) vouches for nothing.
  conn.sql() << "INSERT INTO schema_migrations (version, name, applied_us) VALUES (999, 'x', 0)";
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::ahead);
}

// The kind of every migration this build applies is recorded beside it.
TEST_P(MigrationsTest, UpgradeRecordsEachMigrationsKind) {
  TestDatabase database(GetParam());
  auto conn = database.db().connect();
  for (const auto& m : db::known_migrations(database.db().dialect())) {
    std::string kind;
    conn.sql() << "SELECT kind FROM schema_migrations WHERE version = :v", soci::use(m.version),
        soci::into(kind);
    EXPECT_EQ(kind, db::to_string(m.kind)) << m.name;
  }
  // 0003 is the one contract migration so far (docs/migrations.md says why).
  EXPECT_EQ(db::known_migrations(database.db().dialect()).at(2).kind, db::MigrationKind::contract);
}

// A table written by a build from before the kind column gets the column, and the rows of the
// migrations this build knows get their kinds.
TEST_P(MigrationsTest, UpgradeAddsTheKindColumnToAnOlderVersionTable) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  auto conn = database.db().connect();
  auto& sql = conn.sql();
  apply_as_a_build_before_kinds(conn, database.db().dialect(),
                                db::latest_known_version(database.db().dialect()));
  EXPECT_TRUE(db::upgrade_schema(database.db()).empty());
  std::string kind;
  sql << "SELECT kind FROM schema_migrations WHERE version = 1", soci::into(kind);
  EXPECT_EQ(kind, "expand");
  sql << "SELECT kind FROM schema_migrations WHERE version = 3", soci::into(kind);
  EXPECT_EQ(kind, "contract");
}

// What a newer build leaves behind: its migrations really applied, recorded with their kinds.
void apply_newer_migration(db::Connection& conn, int version, const std::string& kind,
                           const std::string& statement) {
  conn.sql() << statement;
  const std::string name = fmt::format("{:04}_newer_{}", version, kind);
  conn.sql() << "INSERT INTO schema_migrations (version, name, applied_us, kind) "
                "VALUES (:v, :n, 0, :k)",
      soci::use(version), soci::use(name), soci::use(kind);
}

// The startup rule: a build serves a schema newer than it knows only when every newer migration
// is an expand one, so that an old and a new release run side by side during a deploy.
TEST_P(MigrationsTest, StartupAcceptsASchemaNewerOnlyByExpandMigrations) {
  TestDatabase database(GetParam());
  const int latest = db::latest_known_version(database.db().dialect());
  auto conn = database.db().connect();
  apply_newer_migration(conn, latest + 1, "expand",
                        "CREATE TABLE newer_note (id INTEGER NOT NULL PRIMARY KEY, "
                        "body VARCHAR(140) NULL)");
  apply_newer_migration(conn, latest + 2, "expand",
                        "ALTER TABLE user ADD COLUMN newer_flag INTEGER NULL");

  const auto state = db::schema_state(database.db());
  EXPECT_EQ(state.status, db::SchemaStatus::ahead_compatible);
  EXPECT_EQ(state.current, latest + 2);
  EXPECT_EQ(state.latest, latest);
  ASSERT_EQ(state.newer.size(), 2U);
  EXPECT_EQ(state.newer[0].version, latest + 1);
  EXPECT_EQ(state.newer[1].kind, "expand");
  EXPECT_NO_THROW(app::ensure_schema_current(database.db()));
  // The older build still works on it: a user row inserted the way this build does it.
  EXPECT_NO_THROW(conn.sql() << "INSERT INTO user (username, username_key, email, email_key, "
                                "password_hash, created_us, last_seen_us) "
                                "VALUES ('u', 'u', 'e', 'e', 'h', 0, 0)");
}

TEST_P(MigrationsTest, StartupRefusesASchemaWithANewerContractMigration) {
  TestDatabase database(GetParam());
  const int latest = db::latest_known_version(database.db().dialect());
  auto conn = database.db().connect();
  apply_newer_migration(conn, latest + 1, "expand",
                        "CREATE TABLE newer_note (id INTEGER NOT NULL PRIMARY KEY)");
  apply_newer_migration(conn, latest + 2, "contract", "DROP TABLE newer_note");

  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::ahead);
  try {
    app::ensure_schema_current(database.db());
    FAIL() << "a schema with a newer contract migration was accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(fmt::format("{:04}_newer_contract (contract)", latest + 2)),
              std::string::npos)
        << what;
    // The expand migration is not the reason and is not named.
    EXPECT_EQ(what.find("newer_expand"), std::string::npos) << what;
    EXPECT_NE(what.find("refusing to start"), std::string::npos) << what;
  }
}

TEST_P(MigrationsTest, StartupRefusesANewerMigrationOfUnknownKind) {
  TestDatabase database(GetParam());
  const int latest = db::latest_known_version(database.db().dialect());
  auto conn = database.db().connect();
  apply_newer_migration(conn, latest + 1, "unknown",
                        "CREATE TABLE newer_note (id INTEGER NOT NULL PRIMARY KEY)");
  EXPECT_EQ(db::schema_status(database.db()), db::SchemaStatus::ahead);
  EXPECT_THROW(app::ensure_schema_current(database.db()), std::runtime_error);
}

TEST_P(MigrationsTest, StartupRefusesASchemaThatIsBehind) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  EXPECT_THROW(app::ensure_schema_current(database.db()), std::runtime_error);
  db::upgrade_schema(database.db());
  EXPECT_NO_THROW(app::ensure_schema_current(database.db()));
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
  apply_as_a_build_before_kinds(conn, database.db().dialect(), 2);
  sql << "INSERT INTO user (id, username, username_key, email, email_key, password_hash, "
         "created_us, last_seen_us) VALUES (1, 'u', 'u', 'e', 'e', 'h', 0, 0)";
  for (const int id : {5, 3, 9, 1, 7}) {
    sql << "INSERT INTO post (id, user_id, body, language, created_us) "
           "VALUES (:id, 1, 'b', '', 0)",
        soci::use(id);
  }
  // 0003 and every migration after it, which leave the posts' positions alone.
  std::vector<int> from_3;
  for (const auto& m : db::known_migrations(database.db().dialect())) {
    if (m.version > 2) {
      from_3.push_back(m.version);
    }
  }
  ASSERT_FALSE(from_3.empty());
  EXPECT_EQ(from_3.front(), 3);
  EXPECT_EQ(db::upgrade_schema(database.db()), from_3);

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

// Posts written before 0005 have no search index row (the tokens are made in C++, no migration
// can write them): index_missing, which `microblog db upgrade` runs, writes theirs and only
// theirs.
TEST_P(MigrationsTest, PostsFromBeforeTheSearchMigrationAreIndexedByIndexMissing) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  auto conn = database.db().connect();
  auto& sql = conn.sql();
  apply_as_a_build_before_kinds(conn, database.db().dialect(), 3);
  sql << "INSERT INTO user (id, username, username_key, email, email_key, password_hash, "
         "created_us, last_seen_us) VALUES (1, 'u', 'u', 'e', 'e', 'h', 0, 0)";
  sql << "INSERT INTO post (id, user_id, body, language, created_us, position) "
         "VALUES (1, 1, 'Old café post', '', 0, 1)";
  sql << "INSERT INTO post (id, user_id, body, language, created_us, position) "
         "VALUES (2, 1, 'Another old one', '', 0, 2)";
  sql << "UPDATE post_sequence SET last_position = 2";
  db::upgrade_schema(database.db());
  services::SearchService search(database.db(), 25);
  EXPECT_TRUE(search.search("cafe", {}).page.rows.empty());
  {
    db::Transaction tx(conn);
    db::posts::insert(sql, {1, "New cafe post", "", 0});
    tx.commit();
  }
  EXPECT_EQ(search.search("cafe", {}).page.rows.size(), 1U);

  const auto done = search.index_missing(1, {});
  EXPECT_EQ(done.written, 2);
  EXPECT_EQ(done.total, 3);
  const auto rows = search.search("CAFE", {}).page.rows;
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].id, 1);
  EXPECT_EQ(search.search("old", {}).page.rows.size(), 2U);
  EXPECT_EQ(search.index_missing(1, {}).written, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

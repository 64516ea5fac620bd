#include "config/config.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "db/database_url.hpp"
#include "db/migrations.hpp"
#include "services/account_validation.hpp"
#include "services/login_throttle.hpp"
#include "support/config_env.hpp"

namespace microblog {
namespace {

using testing::load_config_from;

TEST(Config, DefaultsAndOverrides) {
  const auto c = load_config_from({});
  EXPECT_EQ(c.database_url, "sqlite:///microblog.db");
  EXPECT_EQ(c.listen, "127.0.0.1:5000");
  EXPECT_EQ(c.posts_per_page, 25);
  EXPECT_EQ(c.posts_per_user_per_minute, 10);
  EXPECT_EQ(c.follows_per_user_per_minute, 30);
  EXPECT_TRUE(c.secret_key_generated);
  const auto d = load_config_from({{"POSTS_PER_PAGE", "10"},
                                   {"ADMINS", "ops@example.com, dev@example.com"},
                                   {"MAIL_USE_TLS", "yes"},
                                   {"SECRET_KEY", "0123456789abcdef"}});
  EXPECT_EQ(d.posts_per_page, 10);
  ASSERT_EQ(d.admins.size(), 2U);
  EXPECT_EQ(d.admins[1], "dev@example.com");
  EXPECT_EQ(d.mail_from, "ops@example.com");
  EXPECT_TRUE(d.mail_use_tls);
  EXPECT_FALSE(d.secret_key_generated);
}

// A hash running or waiting holds a request thread: by default hashing may hold at most half
// of them, so that the rest keep serving pages and probes during a burst of sign-ins.
TEST(Config, PasswordHashingHoldsAtMostHalfTheRequestThreads) {
  for (const std::string threads : {"1", "4", "8", "32"}) {
    const auto c = load_config_from({{"WEB_THREADS", threads}});
    EXPECT_GE(c.password_hash_concurrency, 1) << threads;
    EXPECT_GE(c.password_hash_queue, 0) << threads;
    EXPECT_EQ(c.password_hash_concurrency + c.password_hash_queue, std::max(1, c.web_threads / 2))
        << threads;
  }
  const auto set = load_config_from({{"PASSWORD_HASH_CONCURRENCY", "3"},
                                     {"PASSWORD_HASH_QUEUE", "0"},
                                     {"PASSWORD_HASH_WAIT_SECONDS", "2"},
                                     {"REGISTRATIONS_PER_IP", "7"},
                                     {"PASSWORD_CHANGES_PER_ACCOUNT", "9"}});
  EXPECT_EQ(set.password_hash_concurrency, 3);
  EXPECT_EQ(set.password_hash_queue, 0);
  EXPECT_EQ(set.password_hash_wait_seconds, 2);
  EXPECT_EQ(set.registrations_per_ip, 7);
  EXPECT_EQ(set.password_changes_per_account, 9);
}

// Threads wait out database round trips, longer over the network to MariaDB: twice as many
// there, and as many holding connections as running changes; on SQLite two a core hold the
// connections. The pool follows the threads, whether they were set or not.
TEST(Config, RequestThreadsFollowTheDatabaseAndThePoolFollowsThem) {
  const auto sqlite = load_config_from({});
  const auto mariadb = load_config_from({{"DATABASE_URL", "mysql://u:p@127.0.0.1:3306/m"}});
  EXPECT_GE(sqlite.web_threads, 4);
  EXPECT_EQ(mariadb.web_threads, 2 * std::max(sqlite.web_threads, 4));
  EXPECT_EQ(sqlite.connection_threads, std::max(2, sqlite.web_threads / 2));
  EXPECT_EQ(mariadb.connection_threads, mariadb.web_threads);
  EXPECT_EQ(sqlite.db_pool_size, sqlite.web_threads + sqlite.connection_threads + 2);
  EXPECT_EQ(mariadb.db_pool_size, 2 * mariadb.web_threads + 2);
  const auto set = load_config_from({{"WEB_THREADS", "12"}, {"WEB_CONNECTION_THREADS", "3"}});
  EXPECT_EQ(set.web_threads, 12);
  EXPECT_EQ(set.connection_threads, 3);
  EXPECT_EQ(set.db_pool_size, 17);
  EXPECT_EQ(load_config_from({{"WEB_THREADS", "12"}, {"DB_POOL_SIZE", "5"}}).db_pool_size, 5);
  EXPECT_THROW(load_config_from({{"WEB_CONNECTION_THREADS", "0"}}), config::ConfigError);
  EXPECT_EQ(load_config_from({{"RECENT_POSTS", "0"}}).recent_posts, 0);
  EXPECT_THROW(load_config_from({{"RECENT_POSTS", "-1"}}), config::ConfigError);
}

// Requests wait their turn on both backends; sessions are read together only on MariaDB, where
// a statement costs a round trip.
TEST(Config, RequestsQueueFairlyEverywhereAndSessionsAreReadTogetherOnMariaDB) {
  const auto sqlite = load_config_from({});
  const auto mariadb = load_config_from({{"DATABASE_URL", "mysql://u:p@127.0.0.1:3306/m"}});
  EXPECT_TRUE(sqlite.fair_request_order);
  EXPECT_FALSE(sqlite.batch_session_reads);
  EXPECT_TRUE(mariadb.fair_request_order);
  EXPECT_TRUE(mariadb.batch_session_reads);
  EXPECT_FALSE(load_config_from({{"WEB_FAIR_ORDER", "false"}}).fair_request_order);
  EXPECT_THROW(load_config_from({{"WEB_FAIR_ORDER", "sometimes"}}), config::ConfigError);
}

TEST(Config, BadValuesNameTheVariable) {
  try {
    load_config_from({{"WEB_THREADS", "0"}});
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(), "WEB_THREADS must be a whole number from 1 to 256, got '0'");
  }
  EXPECT_THROW(load_config_from({{"MAIL_USE_TLS", "maybe"}}), config::ConfigError);
  EXPECT_THROW(load_config_from({{"LOG_FORMAT", "xml"}}), config::ConfigError);
  EXPECT_THROW(load_config_from({{"SECRET_KEY", "short"}}), config::ConfigError);
  EXPECT_THROW(load_config_from({{"POSTS_PER_USER_PER_MINUTE", "0"}}), config::ConfigError);
  EXPECT_EQ(load_config_from({{"POSTS_PER_USER_PER_MINUTE", "10000000"}}).posts_per_user_per_minute,
            10000000);
}

TEST(DatabaseUrl, ParsesBothDialects) {
  const auto s = db::parse_database_url("sqlite:///data/app.db");
  EXPECT_EQ(s.dialect, db::Dialect::sqlite);
  EXPECT_EQ(s.sqlite_path, "data/app.db");
  EXPECT_EQ(db::parse_database_url("sqlite:////var/lib/mb.db").sqlite_path, "/var/lib/mb.db");
  const auto m = db::parse_database_url("mysql://mb:p%40ss@db.internal:3307/microblog");
  EXPECT_EQ(m.dialect, db::Dialect::mysql);
  EXPECT_EQ(m.host, "db.internal");
  EXPECT_EQ(m.port, 3307U);
  EXPECT_EQ(m.user, "mb");
  EXPECT_EQ(m.password, "p@ss");
  EXPECT_EQ(m.database, "microblog");
  EXPECT_EQ(m.redacted(), "mysql://mb:***@db.internal:3307/microblog");
  for (const std::string bad : {"", "postgres://x/y", "sqlite:///", "mysql://host/db",
                                "mysql://u@/db", "mysql://u@h:0/db", "mysql://u@h/"}) {
    EXPECT_THROW(db::parse_database_url(bad), config::ConfigError) << bad;
  }
}

TEST(DatabaseUrl, ErrorsNeverShowThePassword) {
  for (const std::string bad :
       {"mysql://u:s3cret'x@h/db", "mysql://u:s3cret x@h/db", "mysql://u:s3cret@/db",
        "mysql://u:s3cret@h:0/db", "mysql://u:s3cret@h/", "mysql://:s3cret@h/db",
        "mysql://u:s3cret/x@h/db", "mysql://u:s3cret@x@h/", "pg://u:s3cret@h/db"}) {
    try {
      db::parse_database_url(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const config::ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(":***@"), std::string::npos) << e.what();
    }
  }
  // What a driver says is cleaned of the password too.
  const auto url = db::parse_database_url("mysql://mb:p%40ss@db.internal/microblog");
  EXPECT_EQ(url.scrub("connect failed: password='p@ss' host=db.internal p@ssp@ss"),
            "connect failed: password='***' host=db.internal ******");
}

TEST(Migrations, SplitsStatementsAndKeepsTriggersWhole) {
  const auto stmts = db::split_sql_statements(
      "-- comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"
      "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\nEND;\n");
  ASSERT_EQ(stmts.size(), 3U);
  EXPECT_EQ(stmts[0], "CREATE TABLE a (x INT)");
  EXPECT_EQ(stmts[2].substr(0, 14), "CREATE TRIGGER");
  EXPECT_NE(stmts[2].find("VALUES (1);"), std::string::npos);
}

TEST(Migrations, BothDialectsKnowTheSameVersions) {
  const auto s = db::known_migrations(db::Dialect::sqlite);
  const auto m = db::known_migrations(db::Dialect::mysql);
  ASSERT_EQ(s.size(), m.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s[i].version, m[i].version);
    EXPECT_EQ(s[i].version, static_cast<int>(i) + 1);
  }
}

TEST(AccountValidation, Messages) {
  EXPECT_FALSE(services::check_username("susan_1.x-y"));
  EXPECT_TRUE(services::check_username(""));
  EXPECT_TRUE(services::check_username("has space"));
  EXPECT_TRUE(services::check_username(".."));
  EXPECT_TRUE(services::check_username(std::string(65, 'a')));
  EXPECT_FALSE(services::check_email("a@b.co"));
  for (const std::string bad :
       {"a", "a@", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@b..co", "a@.b.co", "<a@b.co>"}) {
    EXPECT_TRUE(services::check_email(bad)) << bad;
  }
  EXPECT_TRUE(services::check_new_password("seven77"));
  EXPECT_FALSE(services::check_new_password("eight888"));
  EXPECT_TRUE(services::check_about_me(std::string(141, 'x')));
  EXPECT_FALSE(services::check_about_me(std::string(140, 'x')));
}

TEST(LoginBackoff, GrowsAndIsCapped) {
  EXPECT_EQ(services::backoff_delay(4, 5), 0);
  EXPECT_EQ(services::backoff_delay(5, 5), util::seconds(30));
  EXPECT_EQ(services::backoff_delay(6, 5), util::seconds(60));
  EXPECT_EQ(services::backoff_delay(50, 5), util::seconds(900));
}

}  // namespace
}  // namespace microblog

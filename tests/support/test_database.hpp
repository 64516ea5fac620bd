#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace microblog::testing {

// The backends every database test runs against: "sqlite" and "mysql". MariaDB comes from
// MICROBLOG_TEST_MYSQL_URL (scripts/test.sh starts one); without it the mysql cases fail,
// they are never skipped.
std::vector<std::string> all_backends();

// A fresh, migrated database for one test: a temporary SQLite file, or a new MariaDB database
// created through MICROBLOG_TEST_MYSQL_URL's account and dropped afterwards.
class TestDatabase {
 public:
  explicit TestDatabase(const std::string& backend, bool migrate = true);
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  const std::string& url() const { return url_; }
  db::Database& db();  // opened lazily, pool of 4

 private:
  std::string backend_;
  std::string url_;
  std::string dir_;
  std::string mysql_name_;
  std::string admin_url_;
  std::unique_ptr<db::Database> db_;
};

// MariaDB: ANALYZE TABLE user, post, follow, so that plans are made on the seeded data's
// statistics. The statement answers a row per table, which must be read to the end.
void analyze_mysql_tables(soci::session& sql);

}  // namespace microblog::testing

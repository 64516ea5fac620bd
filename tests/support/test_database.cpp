#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "db/migrations.hpp"

namespace microblog::testing {
namespace {

std::atomic<int> counter{0};

std::string mysql_admin_url() {
  const char* url = std::getenv("MICROBLOG_TEST_MYSQL_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "MICROBLOG_TEST_MYSQL_URL is not set: run the tests through scripts/test.sh, which "
        "starts a private MariaDB, or point it at one (mysql://user:pass@127.0.0.1:PORT/db)");
  }
  return url;
}

// The admin URL with its database name replaced.
std::string with_database(const std::string& url, const std::string& name) {
  const auto slash = url.rfind('/');
  return url.substr(0, slash + 1) + name;
}

}  // namespace

std::vector<std::string> all_backends() {
  return {"sqlite", "mysql"};
}

TestDatabase::TestDatabase(const std::string& backend, bool migrate) : backend_(backend) {
  const int n = counter++;
  if (backend == "sqlite") {
    dir_ = (std::filesystem::temp_directory_path() / fmt::format("mbtest-{}-{}", ::getpid(), n))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:///" + dir_ + "/test.db";
  } else if (backend == "mysql") {
    admin_url_ = mysql_admin_url();
    mysql_name_ = fmt::format("mbtest_{}_{}", ::getpid(), n);
    db::Database admin(db::parse_database_url(admin_url_), 1);
    auto conn = admin.connect();
    conn.sql() << "DROP DATABASE IF EXISTS " + mysql_name_;
    conn.sql() << "CREATE DATABASE " + mysql_name_ +
                      " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
    url_ = with_database(admin_url_, mysql_name_);
  } else {
    throw std::invalid_argument("unknown backend " + backend);
  }
  if (migrate) {
    db::upgrade_schema(db());
  }
}

db::Database& TestDatabase::db() {
  if (!db_) {
    db_ = std::make_unique<db::Database>(db::parse_database_url(url_), 4);
  }
  return *db_;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  try {
    if (!mysql_name_.empty()) {
      db::Database admin(db::parse_database_url(admin_url_), 1);
      auto conn = admin.connect();
      conn.sql() << "DROP DATABASE IF EXISTS " + mysql_name_;
    }
    if (!dir_.empty()) {
      std::filesystem::remove_all(dir_);
    }
  } catch (const std::exception&) {
    // Leftovers in a temporary place are not worth failing a test over.
  }
}

void analyze_mysql_tables(soci::session& sql) {
  std::string table;
  std::string op;
  std::string type;
  std::string text;
  soci::statement st = (sql.prepare << "ANALYZE TABLE user, post, follow", soci::into(table),
                        soci::into(op), soci::into(type), soci::into(text));
  st.execute();
  while (st.fetch()) {
  }
}

}  // namespace microblog::testing

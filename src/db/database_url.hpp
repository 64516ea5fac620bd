#pragma once

#include <string>

namespace microblog::db {

enum class Dialect { sqlite, mysql };

// A parsed DATABASE_URL: sqlite:///relative/path.db, sqlite:////absolute/path.db or
// mysql://user:password@host:port/database.
struct DatabaseUrl {
  Dialect dialect = Dialect::sqlite;
  std::string sqlite_path;
  std::string host;
  unsigned port = 3306;
  std::string user;
  std::string password;
  std::string database;

  // The URL with the password replaced, for logs and error messages.
  std::string redacted() const;
  // `text` with every occurrence of the password replaced, for messages that come from
  // elsewhere (a driver's error) and might quote the connection string.
  std::string scrub(std::string text) const;
  // The SOCI connection string.
  std::string soci_connect_string() const;
};

// Throws config::ConfigError with a message that says what form is expected.
DatabaseUrl parse_database_url(const std::string& url);

}  // namespace microblog::db

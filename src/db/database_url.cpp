#include "db/database_url.hpp"

#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "config/config.hpp"

namespace microblog::db {
namespace {

std::string soci_quote(const std::string& value) {
  // SOCI's connection-string parser takes single-quoted values and has no escape for a quote
  // inside one, so parse_database_url refuses values with quotes or spaces.
  return "'" + value + "'";
}

// The URL as written with whatever could be its password replaced: from the first ':' after
// the scheme to the last '@'. Worked out on the text, because a URL that did not parse has no
// parts to ask for, and configuration errors end up in logs and on consoles.
std::string without_password(const std::string& url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto at = url.rfind('@');
  const auto colon = url.find(':', start);
  if (at == std::string::npos || at < start || colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

[[noreturn]] void bad_url(const std::string& url, const std::string& why) {
  throw config::ConfigError(
      fmt::format("DATABASE_URL '{}' is not usable ({}): expected sqlite:///path/to/file.db or "
                  "mysql://user:password@host:port/database",
                  without_password(url), why));
}

}  // namespace

std::string DatabaseUrl::redacted() const {
  if (dialect == Dialect::sqlite) {
    return "sqlite:///" + sqlite_path;
  }
  return fmt::format("mysql://{}{}@{}:{}/{}", user, password.empty() ? "" : ":***", host, port,
                     database);
}

std::string DatabaseUrl::scrub(std::string text) const {
  if (password.empty()) {
    return text;
  }
  for (auto pos = text.find(password); pos != std::string::npos;
       pos = text.find(password, pos + 3)) {
    text.replace(pos, password.size(), "***");
  }
  return text;
}

std::string DatabaseUrl::soci_connect_string() const {
  if (dialect == Dialect::sqlite) {
    // The SQLite backend splits on spaces and takes no quotes; the parser refuses such paths.
    return fmt::format("db={} timeout=5", sqlite_path);
  }
  std::string s = fmt::format("host={} port={} dbname={} user={} charset=utf8mb4 connect_timeout=5",
                              soci_quote(host), port, soci_quote(database), soci_quote(user));
  if (!password.empty()) {
    s += " password=" + soci_quote(password);
  }
  return s;
}

DatabaseUrl parse_database_url(const std::string& url) {
  DatabaseUrl out;
  constexpr std::string_view kSqlite = "sqlite:///";
  if (url.rfind(kSqlite, 0) == 0) {
    out.dialect = Dialect::sqlite;
    out.sqlite_path = url.substr(kSqlite.size());
    if (out.sqlite_path.empty()) {
      bad_url(url, "no file name");
    }
    if (out.sqlite_path.find_first_of("' ") != std::string::npos) {
      bad_url(url, "quotes and spaces are not allowed in the path");
    }
    return out;
  }
  if (url.rfind("mysql://", 0) != 0 && url.rfind("mariadb://", 0) != 0) {
    bad_url(url, "unknown scheme");
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) {
    bad_url(url, parsed.error().message());
  }
  const auto& u = *parsed;
  out.dialect = Dialect::mysql;
  out.host = u.host_address();
  if (out.host.empty()) {
    bad_url(url, "no host");
  }
  if (u.has_port()) {
    if (u.port_number() == 0) {
      bad_url(url, "bad port");
    }
    out.port = u.port_number();
  }
  out.user = u.user();
  out.password = u.password();
  std::string path = u.path();
  if (path.size() < 2 || path.front() != '/' || path.find('/', 1) != std::string::npos) {
    bad_url(url, "no database name");
  }
  out.database = path.substr(1);
  for (const std::string* v : {&out.host, &out.user, &out.password, &out.database}) {
    if (v->find_first_of("' ") != std::string::npos) {
      bad_url(url, "quotes and spaces are not allowed");
    }
  }
  if (out.user.empty()) {
    bad_url(url, "no user name");
  }
  return out;
}

}  // namespace microblog::db

#include "db/sql_errors.hpp"

#include <array>
#include <string_view>
#include <utility>

#include <soci/mysql/soci-mysql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace microblog::db {
namespace {

constexpr int kSqliteConstraint = 19;      // SQLITE_CONSTRAINT
constexpr unsigned kMysqlDupEntry = 1062;  // ER_DUP_ENTRY

// SQLite names the columns of the violated index ("UNIQUE constraint failed: user.email_key"),
// not the index: the unique indexes of the schema, by their columns.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSqliteIndexes{{
    {"user.username_key", kUsernameIndex},
    {"user.email_key", kEmailIndex},
    {"follow.follower_id, follow.followed_id", kPrimaryKey},
}};

std::string sqlite_index(std::string_view what) {
  constexpr std::string_view marker = "UNIQUE constraint failed: ";
  const auto at = what.find(marker);
  if (at == std::string_view::npos) {
    return {};
  }
  const std::string_view columns = what.substr(at + marker.size());
  for (const auto& [cols, index] : kSqliteIndexes) {
    if (columns.substr(0, cols.size()) == cols &&
        (columns.size() == cols.size() || columns[cols.size()] == ' ' ||
         columns[cols.size()] == '\n')) {
      return std::string(index);
    }
  }
  return std::string(columns.substr(0, columns.find_first_of(" \n")));
}

// MariaDB: "Duplicate entry 'x' for key 'ux_user_email_key'" (newer servers write
// 'user.ux_user_email_key'); the entry is the user's text, so the key is read from the end.
std::string mysql_index(std::string_view what) {
  constexpr std::string_view marker = "for key '";
  const auto at = what.rfind(marker);
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view key = what.substr(at + marker.size());
  key = key.substr(0, key.find('\''));
  if (const auto dot = key.rfind('.'); dot != std::string_view::npos) {
    key.remove_prefix(dot + 1);
  }
  return std::string(key);
}

}  // namespace

DuplicateKey::DuplicateKey(std::string index)
    : std::runtime_error("duplicate key in unique index " + index), index_(std::move(index)) {}

void throw_if_duplicate(const soci::soci_error& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    if ((lite->result() & 0xff) == kSqliteConstraint) {
      if (auto index = sqlite_index(e.what()); !index.empty()) {
        throw DuplicateKey(std::move(index));
      }
    }
    return;
  }
  if (const auto* my = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    if (my->err_num_ == kMysqlDupEntry) {
      throw DuplicateKey(mysql_index(e.what()));
    }
  }
}

}  // namespace microblog::db

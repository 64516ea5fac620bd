#pragma once

#include <stdexcept>
#include <string>

#include <soci/soci.h>

namespace microblog::db {

// A unique index refused a row. `index` names the index as the migrations create it, the same
// on both backends ("ux_user_username_key", "ux_user_email_key"; "PRIMARY" for a primary key),
// so callers decide by the index and never by a backend's wording.
class DuplicateKey : public std::runtime_error {
 public:
  explicit DuplicateKey(std::string index);
  const std::string& index() const { return index_; }

 private:
  std::string index_;
};

// Index names of the unique constraints that services react to.
inline constexpr std::string_view kUsernameIndex = "ux_user_username_key";
inline constexpr std::string_view kEmailIndex = "ux_user_email_key";
inline constexpr std::string_view kPrimaryKey = "PRIMARY";

// Throws DuplicateKey when `e` is a unique violation, recognised by the backend's error code;
// returns otherwise.
void throw_if_duplicate(const soci::soci_error& e);

// Runs `write` (a statement of a repository); a unique violation comes out as DuplicateKey,
// any other failure as it was.
template <typename Write>
auto translating_duplicates(Write&& write) {
  try {
    return write();
  } catch (const soci::soci_error& e) {
    throw_if_duplicate(e);
    throw;
  }
}

}  // namespace microblog::db

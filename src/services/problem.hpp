#pragma once

#include <map>
#include <string>

namespace microblog::services {

// What is wrong with a submitted value, as a code: services decide, the web layer says it in
// the reader's language (web/wording.cpp is the one place that turns these into words).
enum class Problem {
  missing,            // nothing was entered
  too_long,           // over the field's limit (`count` is how long it was, where that helps)
  too_short,          // under the field's minimum (passwords)
  bad_characters,     // invalid UTF-8 or control characters
  username_charset,   // a username outside letters, digits, '.', '-', '_'
  username_reserved,  // "." and "..", which would be odd in /user/<name>
  invalid_email,      // not of the form local@domain.tld
  taken,              // another account has it (username, email)
  repeat_missing,     // the confirmation field is empty
  mismatch,           // the confirmation differs from the password
  wrong_password,     // the current password is not the account's
  account_gone,       // the signed-in account no longer exists
};

struct FieldProblem {
  Problem problem = Problem::missing;
  long long count = 0;  // for too_long: the length that was sent
  bool operator==(const FieldProblem&) const = default;
};

// Form field name (as in the HTML form and the API's JSON) -> what is wrong with it.
using FieldErrors = std::map<std::string, FieldProblem>;

}  // namespace microblog::services

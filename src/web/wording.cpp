#include "web/wording.hpp"

#include <fmt/format.h>

#include "services/account_validation.hpp"
#include "services/post_validation.hpp"

namespace microblog::web {
namespace {

using services::Problem;

std::string missing(std::string_view field) {
  if (field == "username") {
    return "Please enter a username.";
  }
  if (field == "email") {
    return "Please enter an email address.";
  }
  if (field == "password") {
    return "Please enter a password.";
  }
  if (field == "current_password") {
    return "Please enter your current password.";
  }
  if (field == "post") {
    return "Please write something.";
  }
  return "Please fill in this field.";
}

std::string too_long(std::string_view field, long long count) {
  if (field == "username") {
    return fmt::format("Usernames can be at most {} characters long.",
                       services::kMaxUsernameLength);
  }
  if (field == "email") {
    return fmt::format("Email addresses can be at most {} characters long.",
                       services::kMaxEmailLength);
  }
  if (field == "password") {
    return fmt::format("Passwords can be at most {} bytes long.", services::kMaxPasswordBytes);
  }
  if (field == "post") {
    return fmt::format("Keep it to {} characters or fewer (this has {}).", services::kMaxPostLength,
                       count);
  }
  return fmt::format("Keep it to {} characters or fewer.", services::kMaxAboutMeLength);
}

}  // namespace

std::string field_message(std::string_view field, const services::FieldProblem& problem) {
  switch (problem.problem) {
    case Problem::missing:
      return missing(field);
    case Problem::too_long:
      return too_long(field, problem.count);
    case Problem::too_short:
      return fmt::format("Passwords must be at least {} characters long.",
                         services::kMinPasswordLength);
    case Problem::bad_characters:
      return "This text contains characters that are not allowed.";
    case Problem::username_charset:
      return "Use only letters, digits, dots, dashes and underscores.";
    case Problem::username_reserved:
      return "Please choose another username.";
    case Problem::invalid_email:
      return "Invalid email address.";
    case Problem::taken:
      return field == "email" ? "Please use a different email address."
                              : "Please use a different username.";
    case Problem::repeat_missing:
      return "Please repeat the password.";
    case Problem::mismatch:
      return "The passwords do not match.";
    case Problem::wrong_password:
      return "That is not your current password.";
    case Problem::account_gone:
      return "Your account no longer exists.";
  }
  return "This value is not accepted.";
}

}  // namespace microblog::web

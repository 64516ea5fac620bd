#include "api/field_messages.hpp"

#include "services/account_validation.hpp"
#include "services/post_validation.hpp"

namespace microblog::api {
namespace {

std::string limit_of(const std::string& field) {
  if (field == "username") {
    return std::to_string(services::kMaxUsernameLength) + " characters";
  }
  if (field == "email") {
    return std::to_string(services::kMaxEmailLength) + " characters";
  }
  if (field == "password") {
    return std::to_string(services::kMaxPasswordBytes) + " bytes";
  }
  if (field == "about_me") {
    return std::to_string(services::kMaxAboutMeLength) + " characters";
  }
  return std::to_string(services::kMaxPostLength) + " characters";
}

}  // namespace

std::string field_message(const std::string& field, const services::FieldProblem& problem) {
  using services::Problem;
  switch (problem.problem) {
    case Problem::missing:
      return field + " must not be empty";
    case Problem::too_long:
      return field + " is too long: at most " + limit_of(field);
    case Problem::too_short:
      return field + " is too short: at least " + std::to_string(services::kMinPasswordLength) +
             " characters";
    case Problem::bad_characters:
      return field + " contains characters that are not allowed";
    case Problem::username_charset:
      return field + " may hold only letters, digits, dots, dashes and underscores";
    case Problem::username_reserved:
      return field + " is reserved: please use a different username";
    case Problem::invalid_email:
      return field + " is not a valid email address";
    case Problem::taken:
      return field == "email" ? "please use a different email address"
                              : "please use a different username";
    case Problem::repeat_missing:
    case Problem::mismatch:
      return field + " does not match";
    case Problem::wrong_password:
      return field + " is not the current password";
    case Problem::account_gone:
      return "this account no longer exists";
  }
  return field + " is not accepted";
}

std::string first_field_message(const services::FieldErrors& errors,
                                std::initializer_list<const char*> order) {
  for (const char* name : order) {
    if (const auto it = errors.find(name); it != errors.end()) {
      return field_message(it->first, it->second);
    }
  }
  if (errors.empty()) {
    return {};
  }
  return field_message(errors.begin()->first, errors.begin()->second);
}

}  // namespace microblog::api

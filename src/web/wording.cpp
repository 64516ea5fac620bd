#include "web/wording.hpp"

#include "i18n/fill.hpp"
#include "services/account_validation.hpp"
#include "services/post_validation.hpp"

namespace microblog::web {
namespace {

using services::Problem;

long long n_of(std::size_t limit) {
  return static_cast<long long>(limit);
}

std::string missing(const i18n::Language& lang, std::string_view field) {
  if (field == "username") {
    return lang.t("Please enter a username.");
  }
  if (field == "email") {
    return lang.t("Please enter an email address.");
  }
  if (field == "password") {
    return lang.t("Please enter a password.");
  }
  if (field == "current_password") {
    return lang.t("Please enter your current password.");
  }
  if (field == "post" || field == "message") {
    return lang.t("Please write something.");
  }
  return lang.t("Please fill in this field.");
}

std::string too_long(const i18n::Language& lang, std::string_view field, long long count) {
  if (field == "username") {
    return lang.tn("Usernames can be at most {n} character long.",
                   "Usernames can be at most {n} characters long.",
                   n_of(services::kMaxUsernameLength));
  }
  if (field == "email") {
    return lang.tn("Email addresses can be at most {n} character long.",
                   "Email addresses can be at most {n} characters long.",
                   n_of(services::kMaxEmailLength));
  }
  if (field == "password") {
    return lang.tn("Passwords can be at most {n} byte long.",
                   "Passwords can be at most {n} bytes long.", n_of(services::kMaxPasswordBytes));
  }
  if (field == "post" || field == "message") {
    // Only said of a text over the limit, so the count is always plural.
    return i18n::fill(
        lang.t("Keep it to {max} characters or fewer (this has {count})."),
        {{"max", std::to_string(services::kMaxPostLength)}, {"count", std::to_string(count)}});
  }
  return lang.tn("Keep it to {n} character or fewer.", "Keep it to {n} characters or fewer.",
                 n_of(services::kMaxAboutMeLength));
}

}  // namespace

std::string field_message(const i18n::Language& lang, std::string_view field,
                          const services::FieldProblem& problem) {
  switch (problem.problem) {
    case Problem::missing:
      return missing(lang, field);
    case Problem::too_long:
      return too_long(lang, field, problem.count);
    case Problem::too_short:
      return lang.tn("Passwords must be at least {n} character long.",
                     "Passwords must be at least {n} characters long.",
                     n_of(services::kMinPasswordLength));
    case Problem::bad_characters:
      return lang.t("This text contains characters that are not allowed.");
    case Problem::username_charset:
      return lang.t("Use only letters, digits, dots, dashes and underscores.");
    case Problem::username_reserved:
      return lang.t("Please choose another username.");
    case Problem::invalid_email:
      return lang.t("Invalid email address.");
    case Problem::taken:
      return field == "email" ? lang.t("Please use a different email address.")
                              : lang.t("Please use a different username.");
    case Problem::repeat_missing:
      return lang.t("Please repeat the password.");
    case Problem::mismatch:
      return lang.t("The passwords do not match.");
    case Problem::wrong_password:
      return lang.t("That is not your current password.");
    case Problem::account_gone:
      return lang.t("Your account no longer exists.");
  }
  return lang.t("This value is not accepted.");
}

}  // namespace microblog::web

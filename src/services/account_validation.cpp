#include "services/account_validation.hpp"

#include <algorithm>

#include "mail/message.hpp"
#include "util/text.hpp"

namespace microblog::services {
namespace {

bool is_username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace

std::optional<FieldProblem> check_username(std::string_view username) {
  if (username.empty()) {
    return FieldProblem{Problem::missing};
  }
  if (username.size() > kMaxUsernameLength) {
    return FieldProblem{Problem::too_long, static_cast<long long>(username.size())};
  }
  // Usernames appear in URLs (/user/<username>), so they keep to characters that need no
  // escaping there.
  if (!std::all_of(username.begin(), username.end(), is_username_char)) {
    return FieldProblem{Problem::username_charset};
  }
  if (username == "." || username == "..") {
    return FieldProblem{Problem::username_reserved};
  }
  return std::nullopt;
}

std::optional<FieldProblem> check_email(std::string_view email) {
  if (email.empty()) {
    return FieldProblem{Problem::missing};
  }
  if (email.size() > kMaxEmailLength) {
    return FieldProblem{Problem::too_long, static_cast<long long>(email.size())};
  }
  // The mailer's rule first: an address it would refuse makes an account that can never get
  // a reset mail. The site adds only what a deliverable domain needs (a dot, no empty label).
  if (!mail::is_acceptable_address(email)) {
    return FieldProblem{Problem::invalid_email};
  }
  const auto domain = email.substr(email.find('@') + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return FieldProblem{Problem::invalid_email};
  }
  return std::nullopt;
}

std::optional<FieldProblem> check_email_to_find(std::string_view email) {
  if (email.empty()) {
    return FieldProblem{Problem::missing};
  }
  const auto at = email.find('@');
  const bool shaped = at != std::string_view::npos && at != 0 && at + 1 != email.size();
  const bool blank_or_control = std::any_of(email.begin(), email.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (email.size() > kMaxAddressBytes || !shaped || blank_or_control ||
      !util::is_valid_utf8(email)) {
    return FieldProblem{Problem::invalid_email};
  }
  return std::nullopt;
}

std::optional<FieldProblem> check_new_password(std::string_view password) {
  if (password.empty()) {
    return FieldProblem{Problem::missing};
  }
  if (!util::is_valid_utf8(password) || util::utf8_length(password) < kMinPasswordLength) {
    return FieldProblem{Problem::too_short};
  }
  if (password.size() > kMaxPasswordBytes) {
    return FieldProblem{Problem::too_long, static_cast<long long>(password.size())};
  }
  return std::nullopt;
}

std::optional<FieldProblem> check_about_me(std::string_view about_me) {
  if (!util::is_valid_utf8(about_me) || util::has_control_chars(about_me)) {
    return FieldProblem{Problem::bad_characters};
  }
  if (const auto n = util::utf8_length(about_me); n > kMaxAboutMeLength) {
    return FieldProblem{Problem::too_long, static_cast<long long>(n)};
  }
  return std::nullopt;
}

void check_password_pair(std::string_view password, std::string_view password2,
                         FieldErrors& errors) {
  if (auto e = check_new_password(password)) {
    errors["password"] = *e;
  }
  if (password2.empty()) {
    errors["password2"] = {Problem::repeat_missing};
  } else if (password2 != password) {
    errors["password2"] = {Problem::mismatch};
  }
}

}  // namespace microblog::services

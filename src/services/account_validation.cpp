#include "services/account_validation.hpp"

#include <algorithm>

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
  const auto at = email.find('@');
  const bool one_at =
      at != std::string_view::npos && email.find('@', at + 1) == std::string_view::npos;
  const auto domain = one_at ? email.substr(at + 1) : std::string_view{};
  const bool bad_chars = std::any_of(email.begin(), email.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' || c == ';' ||
           c == '"' || c == '\\' || c == 0x7F;
  });
  if (!one_at || at == 0 || domain.size() < 3 || domain.find('.') == std::string_view::npos ||
      domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || bad_chars || !util::is_valid_utf8(email)) {
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

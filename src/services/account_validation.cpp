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

std::optional<std::string> check_username(std::string_view username) {
  if (username.empty()) {
    return "Please enter a username.";
  }
  if (username.size() > kMaxUsernameLength) {
    return "Usernames can be at most 64 characters long.";
  }
  // Usernames appear in URLs (/user/<username>), so they keep to characters that need no
  // escaping there.
  if (!std::all_of(username.begin(), username.end(), is_username_char)) {
    return "Use only letters, digits, dots, dashes and underscores.";
  }
  if (username == "." || username == "..") {
    return "Please choose another username.";
  }
  return std::nullopt;
}

std::optional<std::string> check_email(std::string_view email) {
  if (email.empty()) {
    return "Please enter an email address.";
  }
  if (email.size() > kMaxEmailLength) {
    return "Email addresses can be at most 120 characters long.";
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
    return "Invalid email address.";
  }
  return std::nullopt;
}

std::optional<std::string> check_new_password(std::string_view password) {
  if (password.empty()) {
    return "Please enter a password.";
  }
  if (!util::is_valid_utf8(password) || util::utf8_length(password) < kMinPasswordLength) {
    return "Passwords must be at least 8 characters long.";
  }
  if (password.size() > kMaxPasswordBytes) {
    return "Passwords can be at most 1024 bytes long.";
  }
  return std::nullopt;
}

std::optional<std::string> check_about_me(std::string_view about_me) {
  if (!util::is_valid_utf8(about_me) || util::has_control_chars(about_me)) {
    return "This text contains characters that are not allowed.";
  }
  if (util::utf8_length(about_me) > kMaxAboutMeLength) {
    return "Keep it to 140 characters or fewer.";
  }
  return std::nullopt;
}

}  // namespace microblog::services

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace microblog::services {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr std::size_t kMaxEmailLength = 120;
constexpr std::size_t kMinPasswordLength = 8;
// Bounds the work a login does; argon2 itself would take any length.
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxAboutMeLength = 140;

// Each returns the message to show, or nothing when the value is acceptable.
std::optional<std::string> check_username(std::string_view username);
std::optional<std::string> check_email(std::string_view email);
std::optional<std::string> check_new_password(std::string_view password);
std::optional<std::string> check_about_me(std::string_view about_me);

}  // namespace microblog::services

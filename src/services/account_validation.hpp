#pragma once

#include <optional>
#include <string_view>

#include "services/problem.hpp"

namespace microblog::services {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr std::size_t kMaxEmailLength = 120;
constexpr std::size_t kMinPasswordLength = 8;
// Bounds the work a login does; argon2 itself would take any length.
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxAboutMeLength = 140;

// Each returns what is wrong, or nothing when the value is acceptable.
std::optional<FieldProblem> check_username(std::string_view username);
std::optional<FieldProblem> check_email(std::string_view email);
std::optional<FieldProblem> check_new_password(std::string_view password);
std::optional<FieldProblem> check_about_me(std::string_view about_me);

// The one rule for a new password and its confirmation, wherever a password is chosen
// (registration, change, reset): adds "password" and "password2" problems to `errors`.
void check_password_pair(std::string_view password, std::string_view password2,
                         FieldErrors& errors);

}  // namespace microblog::services

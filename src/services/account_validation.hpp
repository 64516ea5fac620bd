#pragma once

#include <optional>
#include <string_view>

#include "services/problem.hpp"

namespace microblog::services {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr std::size_t kMaxEmailLength = 120;
// The longest address a mail can go to (RFC 5321's path limit).
constexpr std::size_t kMaxAddressBytes = 254;
constexpr std::size_t kMinPasswordLength = 8;
// Bounds the work a login does; argon2 itself would take any length.
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxAboutMeLength = 140;

// Each returns what is wrong, or nothing when the value is acceptable.
std::optional<FieldProblem> check_username(std::string_view username);
// An address for a new account (registration): one the mailer accepts
// (mail::is_acceptable_address) with a domain that has a dot.
std::optional<FieldProblem> check_email(std::string_view email);
// An address to look an account up by (the reset request): only its shape, so that an account
// stored under an older, looser rule can still ask; whether a mail can go to it is found out
// where the mail is composed, and answered the same way either way.
std::optional<FieldProblem> check_email_to_find(std::string_view email);
std::optional<FieldProblem> check_new_password(std::string_view password);
std::optional<FieldProblem> check_about_me(std::string_view about_me);

// The one rule for a new password and its confirmation, wherever a password is chosen
// (registration, change, reset): adds "password" and "password2" problems to `errors`.
void check_password_pair(std::string_view password, std::string_view password2,
                         FieldErrors& errors);

}  // namespace microblog::services

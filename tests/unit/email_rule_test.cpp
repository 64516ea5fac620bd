// Registration and the mailer agree on what an address is: an account is never created with an
// address that its reset mail could not be sent to.
#include <gtest/gtest.h>

#include "mail/message.hpp"
#include "services/account_validation.hpp"

namespace microblog {
namespace {

// Addresses the mailer refuses, most of which the registration form once took: non-ASCII (no
// SMTPUTF8) and the characters that delimit or comment addresses in a header.
const std::vector<std::string> kMailerRefuses = {
    "jos\xC3\xA9@example.com", "susan@m\xC3\xBCnchen.example",
    "a(b)@example.com",        "a:b@example.com",
    "[a]@example.com",         "a@[127.0.0.1]",
    "tab\t@example.com",       "del\x7F@example.com"};

TEST(EmailRule, RegistrationRefusesWhatTheMailerRefuses) {
  for (const auto& email : kMailerRefuses) {
    EXPECT_FALSE(mail::is_acceptable_address(email)) << email;
    const auto problem = services::check_email(email);
    ASSERT_TRUE(problem.has_value()) << email;
    EXPECT_EQ(problem->problem, services::Problem::invalid_email) << email;
  }
}

TEST(EmailRule, WhatRegistrationAcceptsTheMailerSendsTo) {
  for (const std::string ok : {"a@b.co", "susan.x+tag@mail.example.com", "o'neil@example.ie",
                               "x_y-z@sub.example.org", "UPPER@EXAMPLE.COM"}) {
    EXPECT_FALSE(services::check_email(ok)) << ok;
    EXPECT_TRUE(mail::is_acceptable_address(ok)) << ok;
    mail::Message m;
    m.from = {"admin@example.com", "Microblog"};
    m.to = {{ok, "someone"}};
    m.subject = "hello";
    EXPECT_NO_THROW(mail::validate(m)) << ok;
  }
}

TEST(EmailRule, AnAccountToFindNeedsOnlyTheShapeOfAnAddress) {
  // The reset form looks accounts up: an older account's address must still be found.
  EXPECT_FALSE(services::check_email_to_find("jos\xC3\xA9@example.com"));
  EXPECT_FALSE(services::check_email_to_find("a(b)@example.com"));
  for (const std::string bad : {"", "no-at-sign", "@example.com", "a@", "a b@example.com",
                                "a\r\n@example.com", "\xFF@example.com"}) {
    EXPECT_TRUE(services::check_email_to_find(bad)) << bad;
  }
  EXPECT_TRUE(services::check_email_to_find(std::string(250, 'a') + "@b.co"));
}

}  // namespace
}  // namespace microblog

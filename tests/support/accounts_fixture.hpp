#pragma once

#include <string>

#include <gtest/gtest.h>

#include "services/account_service.hpp"
#include "support/test_database.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {

// A fresh database of the test's backend (the parameter) with the services that create
// accounts over it: where the service tests on real data start. Small costs (argon2 with 8 MiB)
// keep registering users fast.
class AccountsOnBackend : public ::testing::TestWithParam<std::string> {
 protected:
  AccountsOnBackend()
      : database_(GetParam()),
        hasher_(1, 8 * 1024, 2),
        throttle_(database_.db(), 3, 100),
        activity_(database_.db(), util::seconds(3600)),
        accounts_(database_.db(), hasher_, throttle_, activity_) {}

  static void SetUpTestSuite() { util::init_crypto(); }

  // Registers `name` <name@example.com> with the password "password one".
  Id make_user(const std::string& name) {
    const auto r =
        accounts_.register_user({name, name + "@example.com", "password one", "password one"});
    EXPECT_TRUE(r.errors.empty());
    return r.user_id;
  }

  TestDatabase database_;
  services::PasswordHasher hasher_;
  services::LoginThrottle throttle_;
  services::ActivityRecorder activity_;
  services::AccountService accounts_;
};

}  // namespace microblog::testing

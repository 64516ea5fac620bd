#include "services/account_service.hpp"

#include <gtest/gtest.h>

#include "db/session_repository.hpp"
#include "db/user_repository.hpp"
#include "services/session_service.hpp"
#include "support/accounts_fixture.hpp"

namespace microblog::testing {
namespace {

class AccountServiceTest : public AccountsOnBackend {
 protected:
  AccountServiceTest() : sessions_(database_.db(), activity_, "unit-test-secret-key", 24, 30) {}

  services::SessionService sessions_;
};

TEST_P(AccountServiceTest, RegistersAndStoresAnArgon2idHash) {
  const auto id = make_user("susan");
  const auto user = accounts_.find_by_id(id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->username, "susan");
  // The hash is the database's business: the services' view of a user does not carry it.
  auto conn = database_.db().connect();
  const auto row = db::users::find_by_id(conn, id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->password_hash.rfind("$argon2id$", 0), 0U);
  EXPECT_EQ(row->password_hash.find("password one"), std::string::npos);
}

TEST_P(AccountServiceTest, UniqueNamesIgnoreCase) {
  make_user("Susan");
  auto r = accounts_.register_user({"SUSAN", "x@example.com", "password one", "password one"});
  EXPECT_EQ(r.errors["username"].problem, services::Problem::taken);
  r = accounts_.register_user({"other", "susan@EXAMPLE.com", "password one", "password one"});
  EXPECT_EQ(r.errors["email"].problem, services::Problem::taken);
  EXPECT_TRUE(accounts_.find_by_username("sUsAn").has_value());
}

TEST_P(AccountServiceTest, AuthenticateAndThrottle) {
  make_user("susan");
  EXPECT_EQ(accounts_.authenticate("susan", "password one", "1.2.3.4").kind,
            services::LoginResult::Kind::ok);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(accounts_.authenticate("susan", "nope nope", "1.2.3.4").kind,
              services::LoginResult::Kind::invalid);
  }
  // The address that failed waits, even with the right password...
  const auto blocked = accounts_.authenticate("susan", "password one", "1.2.3.4");
  EXPECT_EQ(blocked.kind, services::LoginResult::Kind::throttled);
  EXPECT_GT(blocked.retry_after_seconds, 0);
  // ...another address does not, and another account is not held back by susan's failures.
  EXPECT_EQ(accounts_.authenticate("susan", "password one", "5.6.7.8").kind,
            services::LoginResult::Kind::ok);
  make_user("john");
  EXPECT_EQ(accounts_.authenticate("john", "password one", "1.2.3.4").kind,
            services::LoginResult::Kind::ok);
}

// Failing against someone's account must not lock them out: the owner, from an address that
// has not failed, gets in at once, while the guessing address stays held back.
TEST_P(AccountServiceTest, FiftyFailuresFromOneAddressDoNotLockTheOwnerOut) {
  make_user("susan");
  int refused = 0;
  for (int i = 0; i < 50; ++i) {
    const auto r = accounts_.authenticate("susan", "guess " + std::to_string(i), "203.0.113.66");
    ASSERT_NE(r.kind, services::LoginResult::Kind::ok);
    refused += r.kind == services::LoginResult::Kind::throttled ? 1 : 0;
  }
  EXPECT_EQ(refused, 50 - 3);  // all but the allowance were refused unchecked
  const auto owner = accounts_.authenticate("susan", "password one", "198.51.100.7");
  EXPECT_EQ(owner.kind, services::LoginResult::Kind::ok);
  const auto attacker = accounts_.authenticate("susan", "password one", "203.0.113.66");
  EXPECT_EQ(attacker.kind, services::LoginResult::Kind::throttled);
  EXPECT_GT(attacker.retry_after_seconds, 0);
  // The owner's sign-in does not free the attacker either.
  EXPECT_EQ(accounts_.authenticate("susan", "password one", "203.0.113.66").kind,
            services::LoginResult::Kind::throttled);
}

// Guesses spread over many addresses, each under its own allowance, are still slowed: past the
// account's allowance every address that has guessed waits, and the wait grows with the guesses.
TEST_P(AccountServiceTest, GuessesFromManyAddressesAreSlowedNotLockedOut) {
  make_user("susan");
  const auto address = [](int i) { return "10.0.0." + std::to_string(i); };
  for (int i = 1; i <= 4; ++i) {
    // Each address's first guess is checked: it has not failed against the account before.
    EXPECT_EQ(accounts_.authenticate("susan", "wrong guess", address(i)).kind,
              services::LoginResult::Kind::invalid);
  }
  const auto first = accounts_.authenticate("susan", "another guess", address(1));
  ASSERT_EQ(first.kind, services::LoginResult::Kind::throttled);
  for (int i = 5; i <= 6; ++i) {
    EXPECT_EQ(accounts_.authenticate("susan", "wrong guess", address(i)).kind,
              services::LoginResult::Kind::invalid);
  }
  const auto later = accounts_.authenticate("susan", "another guess", address(1));
  ASSERT_EQ(later.kind, services::LoginResult::Kind::throttled);
  EXPECT_GT(later.retry_after_seconds, first.retry_after_seconds);
  // A guessing address waits even with the right password; the owner elsewhere does not.
  EXPECT_EQ(accounts_.authenticate("susan", "password one", address(2)).kind,
            services::LoginResult::Kind::throttled);
  EXPECT_EQ(accounts_.authenticate("susan", "password one", "192.0.2.1").kind,
            services::LoginResult::Kind::ok);
}

TEST_P(AccountServiceTest, UnknownUserFailsLikeAWrongPasswordAndCostsAHashToo) {
  make_user("susan");
  // A known name with a wrong password verifies one hash; an unknown name must cost the same
  // (against the decoy), or the time of the answer tells which names exist.
  const auto before_known = hasher_.verifications();
  EXPECT_EQ(accounts_.authenticate("susan", "not the password", "1.2.3.4").kind,
            services::LoginResult::Kind::invalid);
  const auto per_known = hasher_.verifications() - before_known;
  ASSERT_EQ(per_known, 1U);
  const auto before_unknown = hasher_.verifications();
  EXPECT_EQ(accounts_.authenticate("ghost", "password one", "1.2.3.4").kind,
            services::LoginResult::Kind::invalid);
  EXPECT_EQ(hasher_.verifications() - before_unknown, per_known);
}

TEST_P(AccountServiceTest, ChangePasswordKeepsOnlyTheNamedSession) {
  const auto id = make_user("susan");
  auto keep = sessions_.load(std::nullopt, util::now_micros());
  sessions_.log_in(keep, id, "susan", false, util::now_micros());
  auto other = sessions_.load(std::nullopt, util::now_micros());
  sessions_.log_in(other, id, "susan", true, util::now_micros());
  const auto result =
      accounts_.change_password(id, {"password one", "password two", "password two"},
                                services::SessionService::hash_id(keep.id), "192.0.2.1");
  EXPECT_TRUE(result.done());
  EXPECT_TRUE(sessions_.load(keep.id, util::now_micros()).logged_in());
  EXPECT_FALSE(sessions_.load(other.id, util::now_micros()).logged_in());
}

TEST_P(AccountServiceTest, UpdateProfileValidates) {
  const auto id = make_user("susan");
  make_user("john");
  auto errors = accounts_.update_profile(id, "JOHN", "hi");
  EXPECT_EQ(errors["username"].problem, services::Problem::taken);
  errors = accounts_.update_profile(id, "SusanB", std::string(141, 'x'));
  EXPECT_EQ(errors.at("about_me"), (services::FieldProblem{services::Problem::too_long, 141}));
  errors = accounts_.update_profile(id, "  SusanB ", "  hello  ");
  EXPECT_TRUE(errors.empty());
  const auto user = accounts_.find_by_id(id);
  EXPECT_EQ(user->username, "SusanB");
  EXPECT_EQ(user->about_me, "hello");
}

TEST_P(AccountServiceTest, SessionsKeepFlashesUntilShownAndRotateAtLogin) {
  const auto id = make_user("susan");
  auto s = sessions_.load(std::nullopt, util::now_micros());
  sessions_.add_flash(s, "info", "hello");
  sessions_.save(s, util::now_micros());
  ASSERT_TRUE(s.stored);
  auto again = sessions_.load(s.id, util::now_micros());
  ASSERT_EQ(again.flashes.size(), 1U);
  EXPECT_EQ(sessions_.take_flashes(again)[0].message, "hello");
  sessions_.save(again, util::now_micros());
  EXPECT_TRUE(sessions_.load(s.id, util::now_micros()).flashes.empty());

  const std::string before = again.id;
  sessions_.log_in(again, id, "susan", false, util::now_micros());
  EXPECT_NE(again.id, before);
  EXPECT_FALSE(sessions_.load(before, util::now_micros()).stored);
  EXPECT_TRUE(sessions_.csrf_valid(again, sessions_.csrf_token(again)));
  EXPECT_FALSE(sessions_.csrf_valid(again, "forged"));
  // An expired session is gone.
  const auto later = util::now_micros() + util::seconds(25 * 3600);
  EXPECT_FALSE(sessions_.load(again.id, later).stored);
  EXPECT_EQ(sessions_.remove_expired(later), 1);
}

// A client that posts in a loop and never loads a page must not grow its session without end.
TEST_P(AccountServiceTest, PendingFlashesAreFewAndNotRepeated) {
  auto s = sessions_.load(std::nullopt, util::now_micros());
  for (int i = 0; i < 100; ++i) {
    sessions_.add_flash(s, "success", "Your post is now live!");
  }
  ASSERT_EQ(s.flashes.size(), 1U);
  for (int i = 1; i <= 8; ++i) {
    sessions_.add_flash(s, "info", "message " + std::to_string(i));
  }
  sessions_.save(s, util::now_micros());
  const auto again = sessions_.load(s.id, util::now_micros());
  ASSERT_EQ(again.flashes.size(), services::SessionService::kMaxPendingFlashes);
  EXPECT_EQ(again.flashes.front().message, "message 4");  // the oldest gave way
  EXPECT_EQ(again.flashes.back().message, "message 8");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountServiceTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

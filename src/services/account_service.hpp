#pragma once

#include <optional>
#include <string>

#include "services/activity_recorder.hpp"
#include "services/login_throttle.hpp"
#include "services/password_hasher.hpp"
#include "services/problem.hpp"
#include "services/rate_limit.hpp"
#include "services/view_types.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct RegistrationInput {
  std::string username;
  std::string email;
  std::string password;
  std::string password2;
};

struct RegistrationResult {
  FieldErrors errors;
  Id user_id = 0;
  // Too many registrations from the client's address this hour: nothing was stored.
  bool limited = false;
  int retry_after_seconds = 0;
};

struct LoginResult {
  enum class Kind { ok, invalid, throttled };
  Kind kind = Kind::invalid;
  Id user_id = 0;
  std::string username;
  int retry_after_seconds = 0;
};

struct PasswordChange {
  std::string current_password;
  std::string password;
  std::string password2;
};

struct PasswordChangeResult {
  FieldErrors errors;  // non-empty: nothing changed, show the form again
  // Too many attempts for the account this hour: the current password was not even checked.
  bool limited = false;
  int retry_after_seconds = 0;
  bool done() const { return errors.empty() && !limited; }
};

// Attempts allowed per hour, counted in the database so that every instance shares them.
struct AccountLimits {
  int registrations_per_ip = 10;
  int password_changes_per_account = 5;
  // Where refusals and failed sign-ins are counted (docs/observability.md); none when null.
  metrics::Counter* registrations_refused = nullptr;
  metrics::Counter* password_changes_refused = nullptr;
  metrics::Counter* sign_ins_throttled = nullptr;
  metrics::Counter* sign_in_failures = nullptr;
};

// Accounts: registration, sign-in, profile and password changes. Knows nothing of HTTP.
class AccountService {
 public:
  AccountService(db::Database& db, PasswordHasher& hasher, LoginThrottle& throttle,
                 ActivityRecorder& activity, AccountLimits limits = {});

  // Password hashing throws Busy when it is at capacity (register, authenticate, both
  // password changes): nothing is stored then.

  // A registration from the web: at most `registrations_per_ip` an hour from one address.
  RegistrationResult register_user(const RegistrationInput& in, const std::string& client_ip);
  // An operator's (the CLI): no limit.
  RegistrationResult register_user(const RegistrationInput& in);
  LoginResult authenticate(const std::string& username, const std::string& password,
                           const std::string& client_ip);
  // On success every other session of the user ends; `keep_session_hash` survives. At most
  // `password_changes_per_account` attempts an hour are checked.
  PasswordChangeResult change_password(Id user_id, const PasswordChange& in,
                                       const std::string& keep_session_hash,
                                       const std::string& client_ip);
  // Sets a password without asking for the old one (operators' CLI). Ends all of the user's
  // sessions. Returns what is wrong with the password, if anything.
  std::optional<FieldProblem> set_password(Id user_id, const std::string& password);
  FieldErrors update_profile(Id user_id, const std::string& username, const std::string& about_me);
  // The API's change of any of name, address and about-me (what is not given stays), checked
  // as the forms check them. Nothing is stored when anything is wrong.
  struct AccountChanges {
    std::optional<std::string> username;
    std::optional<std::string> email;
    std::optional<std::string> about_me;
  };
  FieldErrors update_account(Id user_id, const AccountChanges& changes);
  // Keeps the interface language the user chose; `code` must be one the site offers (the
  // caller knows LANGUAGES).
  void set_language(Id user_id, const std::string& code);

  std::optional<UserProfile> find_by_id(Id id);
  std::optional<UserProfile> find_by_username(const std::string& username);
  // The profile and whether `viewer_id` follows that user, read together (a profile page).
  std::optional<ProfileForViewer> profile_for(const std::string& username, Id viewer_id);

  // Records that the user was active: noted for the next batch (ActivityRecorder) at most once
  // a minute per user.
  void record_activity(Id user_id, util::Micros last_seen_us, util::Micros now);
  static constexpr util::Micros kLastSeenResolution = util::seconds(60);
  static constexpr util::Micros kLimitWindow = util::seconds(3600);

 private:
  RegistrationResult create_account(const RegistrationInput& in, const std::string* client_ip);

  db::Database& db_;
  ActivityRecorder& activity_;
  PasswordHasher& hasher_;
  LoginThrottle& throttle_;
  AccountLimits limits_;
};

}  // namespace microblog::services

#include "services/account_service.hpp"

#include "db/api_token_repository.hpp"
#include "db/database.hpp"
#include "db/session_repository.hpp"
#include "db/sql_errors.hpp"
#include "db/user_repository.hpp"
#include "services/account_validation.hpp"
#include "services/rate_limit.hpp"
#include "services/security_log.hpp"
#include "services/view_mapping.hpp"
#include "util/text.hpp"

namespace microblog::services {
AccountService::AccountService(db::Database& db, PasswordHasher& hasher, LoginThrottle& throttle,
                               ActivityRecorder& activity, AccountLimits limits)
    : db_(db), activity_(activity), hasher_(hasher), throttle_(throttle), limits_(limits) {}

RegistrationResult AccountService::register_user(const RegistrationInput& in,
                                                 const std::string& client_ip) {
  return create_account(in, &client_ip);
}

RegistrationResult AccountService::register_user(const RegistrationInput& in) {
  return create_account(in, nullptr);
}

RegistrationResult AccountService::create_account(const RegistrationInput& in,
                                                  const std::string* client_ip) {
  RegistrationResult result;
  const std::string username(util::trim(in.username));
  const std::string email(util::trim(in.email));
  if (auto e = check_username(username)) {
    result.errors["username"] = *e;
  }
  if (auto e = check_email(email)) {
    result.errors["email"] = *e;
  }
  check_password_pair(in.password, in.password2, result.errors);
  {
    auto conn = db_.connect();
    if (!result.errors.contains("username") && db::users::username_taken(conn.sql(), username)) {
      result.errors["username"] = {Problem::taken};
    }
    if (!result.errors.contains("email") && db::users::email_taken(conn.sql(), email)) {
      result.errors["email"] = {Problem::taken};
    }
  }
  if (!result.errors.empty()) {
    return result;
  }
  // Counted only here, where the form would cost a hash: a form with mistakes is cheap and is
  // shown again as often as the visitor needs.
  if (client_ip != nullptr) {
    const int wait =
        count_attempt(db_, "register:ip:" + client_ip->substr(0, 150),
                      {limits_.registrations_per_ip, kLimitWindow, limits_.registrations_refused},
                      util::now_micros());
    if (wait > 0) {
      log_security_event(SecurityEvent::registration_limited, 0, *client_ip, wait);
      result.limited = true;
      result.retry_after_seconds = wait;
      return result;
    }
  }
  // Hash outside any transaction: it takes ~100 ms and must not hold the write lock.
  const std::string hash = hasher_.hash(in.password);
  auto conn = db_.connect();
  try {
    db::Transaction tx(conn);
    if (db::users::username_taken(conn.sql(), username)) {
      result.errors["username"] = {Problem::taken};
    }
    if (db::users::email_taken(conn.sql(), email)) {
      result.errors["email"] = {Problem::taken};
    }
    if (!result.errors.empty()) {
      return result;
    }
    result.user_id = db::users::insert(conn.sql(), {username, email, hash, "", util::now_micros()});
    tx.commit();
  } catch (const db::DuplicateKey& e) {
    // Another registration took the name or the address between the check and the insert.
    result.errors[e.index() == db::kEmailIndex ? "email" : "username"] = {Problem::taken};
  }
  return result;
}

LoginResult AccountService::authenticate(const std::string& username, const std::string& password,
                                         const std::string& client_ip) {
  LoginResult result;
  const util::Micros now = util::now_micros();
  const std::string name(util::trim(username));
  const auto find_user = [&]() -> std::optional<db::UserRow> {
    if (name.size() > kMaxUsernameLength) {
      return std::nullopt;
    }
    auto conn = db_.connect();
    return db::users::find_by_username(conn, name);
  };
  if (const int wait = throttle_.retry_after_seconds(name, client_ip, now); wait > 0) {
    const auto user = find_user();
    log_security_event(SecurityEvent::login_throttled, user ? user->id : 0, client_ip, wait);
    count_on(limits_.sign_ins_throttled);
    result.kind = LoginResult::Kind::throttled;
    result.retry_after_seconds = wait;
    return result;
  }
  std::optional<db::UserRow> user;
  if (password.size() <= kMaxPasswordBytes) {
    user = find_user();
  }
  // Verify against a decoy when the user is unknown, so timing does not tell them apart.
  const bool ok = hasher_.verify(user ? user->password_hash : hasher_.decoy_hash(),
                                 password.substr(0, kMaxPasswordBytes)) &&
                  user.has_value() && password.size() <= kMaxPasswordBytes;
  if (!ok) {
    throttle_.record_failure(name, client_ip, now);
    log_security_event(SecurityEvent::login_failed, user ? user->id : 0, client_ip);
    count_on(limits_.sign_in_failures);
    return result;
  }
  throttle_.record_success(name, client_ip);
  if (hasher_.needs_rehash(user->password_hash)) {
    try {
      const std::string upgraded = hasher_.hash(password);
      auto conn = db_.connect();
      db::users::update_password_hash(conn.sql(), user->id, upgraded);
    } catch (const Busy&) {
      // The password was right: the upgrade can wait for a quieter sign-in.
    }
  }
  result.kind = LoginResult::Kind::ok;
  result.user_id = user->id;
  result.username = user->username;
  return result;
}

PasswordChangeResult AccountService::change_password(Id user_id, const PasswordChange& in,
                                                     const std::string& keep_session_hash,
                                                     const std::string& client_ip) {
  PasswordChangeResult result;
  auto& errors = result.errors;
  std::optional<db::UserRow> user;
  {
    auto conn = db_.connect();
    user = db::users::find_by_id(conn, user_id);
  }
  if (!user) {
    errors["current_password"] = {Problem::account_gone};
    return result;
  }
  // What needs no hash first: a form with a mistake in it is neither counted nor checked.
  if (in.current_password.empty()) {
    errors["current_password"] = {Problem::missing};
  }
  check_password_pair(in.password, in.password2, errors);
  if (!errors.empty()) {
    return result;
  }
  // Each check of the current password is a guess at it by whoever holds the session.
  const int wait = count_attempt(
      db_, "password_change:user:" + std::to_string(user_id),
      {limits_.password_changes_per_account, kLimitWindow, limits_.password_changes_refused},
      util::now_micros());
  if (wait > 0) {
    log_security_event(SecurityEvent::password_change_limited, user_id, client_ip, wait);
    result.limited = true;
    result.retry_after_seconds = wait;
    return result;
  }
  if (in.current_password.size() > kMaxPasswordBytes ||
      !hasher_.verify(user->password_hash, in.current_password)) {
    log_security_event(SecurityEvent::password_change_failed, user_id, client_ip);
    errors["current_password"] = {Problem::wrong_password};
    return result;
  }
  const std::string hash = hasher_.hash(in.password);
  auto conn = db_.connect();
  db::Transaction tx(conn);
  db::users::update_password_hash(conn.sql(), user_id, hash);
  db::sessions::remove_for_user(conn.sql(), user_id, keep_session_hash);
  db::api_tokens::remove_for_user(conn.sql(), user_id);
  tx.commit();
  log_security_event(SecurityEvent::password_changed, user_id, client_ip);
  return result;
}

std::optional<FieldProblem> AccountService::set_password(Id user_id, const std::string& password) {
  if (auto e = check_new_password(password)) {
    return e;
  }
  const std::string hash = hasher_.hash(password);
  auto conn = db_.connect();
  db::Transaction tx(conn);
  db::users::update_password_hash(conn.sql(), user_id, hash);
  db::sessions::remove_for_user(conn.sql(), user_id, "");
  db::api_tokens::remove_for_user(conn.sql(), user_id);
  tx.commit();
  log_security_event(SecurityEvent::password_changed, user_id, "");
  return std::nullopt;
}

FieldErrors AccountService::update_profile(Id user_id, const std::string& username_in,
                                           const std::string& about_me_in) {
  FieldErrors errors;
  const std::string username(util::trim(username_in));
  std::string about_me(util::trim(about_me_in));
  if (auto e = check_username(username)) {
    errors["username"] = *e;
  }
  if (auto e = check_about_me(about_me)) {
    errors["about_me"] = *e;
  }
  if (!errors.empty()) {
    return errors;
  }
  auto conn = db_.connect();
  try {
    db::Transaction tx(conn);
    if (db::users::username_taken(conn.sql(), username, user_id)) {
      errors["username"] = {Problem::taken};
      return errors;
    }
    db::users::update_profile(conn.sql(), user_id, username, about_me);
    tx.commit();
  } catch (const db::DuplicateKey&) {
    errors["username"] = {Problem::taken};
  }
  return errors;
}

FieldErrors AccountService::update_account(Id user_id, const AccountChanges& changes) {
  FieldErrors errors;
  auto conn = db_.connect();
  const auto user = db::users::find_by_id(conn, user_id);
  if (!user) {
    errors["username"] = {Problem::account_gone};
    return errors;
  }
  const std::string username(changes.username ? util::trim(*changes.username) : user->username);
  const std::string email(changes.email ? util::trim(*changes.email) : user->email);
  const std::string about_me(changes.about_me ? util::trim(*changes.about_me) : user->about_me);
  if (auto e = check_username(username)) {
    errors["username"] = *e;
  }
  if (auto e = check_email(email)) {
    errors["email"] = *e;
  }
  if (auto e = check_about_me(about_me)) {
    errors["about_me"] = *e;
  }
  if (!errors.empty()) {
    return errors;
  }
  try {
    db::Transaction tx(conn);
    if (db::users::username_taken(conn.sql(), username, user_id)) {
      errors["username"] = {Problem::taken};
    }
    if (db::users::email_taken(conn.sql(), email, user_id)) {
      errors["email"] = {Problem::taken};
    }
    if (!errors.empty()) {
      return errors;
    }
    if (username != user->username || about_me != user->about_me) {
      db::users::update_profile(conn.sql(), user_id, username, about_me);
    }
    if (email != user->email) {
      db::users::update_email(conn.sql(), user_id, email);
    }
    tx.commit();
  } catch (const db::DuplicateKey& e) {
    // Another account took the name or the address between the check and the update.
    errors[e.index() == db::kEmailIndex ? "email" : "username"] = {Problem::taken};
  }
  return errors;
}

void AccountService::set_language(Id user_id, const std::string& code) {
  auto conn = db_.connect();
  db::users::update_language(conn.sql(), user_id, code);
}

std::optional<UserProfile> AccountService::find_by_id(Id id) {
  auto conn = db_.connect();
  const auto row = db::users::find_by_id(conn, id);
  return row ? std::optional(to_profile(*row)) : std::nullopt;
}

std::optional<ProfileForViewer> AccountService::profile_for(const std::string& username,
                                                            Id viewer_id) {
  if (check_username(username)) {
    return std::nullopt;  // cannot exist; spares the query
  }
  auto conn = db_.connect();
  const auto found = db::users::find_by_username_for(conn, username, viewer_id);
  if (!found) {
    return std::nullopt;
  }
  return ProfileForViewer{to_profile(found->user), found->followed_by_reader};
}

std::optional<UserProfile> AccountService::find_by_username(const std::string& username) {
  if (check_username(username)) {
    return std::nullopt;  // cannot exist; spares the query
  }
  auto conn = db_.connect();
  const auto row = db::users::find_by_username(conn, username);
  return row ? std::optional(to_profile(*row)) : std::nullopt;
}

void AccountService::record_activity(Id user_id, util::Micros last_seen_us, util::Micros now) {
  if (now - last_seen_us < kLastSeenResolution) {
    return;
  }
  activity_.user_seen(user_id, now);
}

}  // namespace microblog::services

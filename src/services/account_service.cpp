#include "services/account_service.hpp"

#include <soci/soci.h>

#include "db/content_version_repository.hpp"
#include "db/session_repository.hpp"
#include "db/sql_errors.hpp"
#include "services/account_validation.hpp"
#include "util/text.hpp"

namespace microblog::services {
AccountService::AccountService(db::Database& db, PasswordHasher& hasher, LoginThrottle& throttle)
    : db_(db), hasher_(hasher), throttle_(throttle) {}

RegistrationResult AccountService::register_user(const RegistrationInput& in) {
  RegistrationResult result;
  const std::string username(util::trim(in.username));
  const std::string email(util::trim(in.email));
  if (auto e = check_username(username)) {
    result.errors["username"] = *e;
  }
  if (auto e = check_email(email)) {
    result.errors["email"] = *e;
  }
  if (auto e = check_new_password(in.password)) {
    result.errors["password"] = *e;
  }
  if (in.password2.empty()) {
    result.errors["password2"] = "Please repeat the password.";
  } else if (in.password2 != in.password) {
    result.errors["password2"] = "The passwords do not match.";
  }
  {
    auto conn = db_.connect();
    if (!result.errors.contains("username") && db::users::username_taken(conn.sql(), username)) {
      result.errors["username"] = "Please use a different username.";
    }
    if (!result.errors.contains("email") && db::users::email_taken(conn.sql(), email)) {
      result.errors["email"] = "Please use a different email address.";
    }
  }
  if (!result.errors.empty()) {
    return result;
  }
  // Hash outside any transaction: it takes ~100 ms and must not hold the write lock.
  const std::string hash = hasher_.hash(in.password);
  auto conn = db_.connect();
  try {
    db::Transaction tx(conn);
    if (db::users::username_taken(conn.sql(), username)) {
      result.errors["username"] = "Please use a different username.";
    }
    if (db::users::email_taken(conn.sql(), email)) {
      result.errors["email"] = "Please use a different email address.";
    }
    if (!result.errors.empty()) {
      return result;
    }
    result.user_id = db::users::insert(conn.sql(), {username, email, hash, "", util::now_micros()});
    tx.commit();
  } catch (const soci::soci_error& e) {
    if (!db::is_unique_violation(e)) {
      throw;
    }
    result.errors["username"] = "Please use a different username or email address.";
  }
  return result;
}

LoginResult AccountService::authenticate(const std::string& username, const std::string& password,
                                         const std::string& client_ip) {
  LoginResult result;
  const util::Micros now = util::now_micros();
  const std::string name(util::trim(username));
  if (const int wait = throttle_.retry_after_seconds(name, client_ip, now); wait > 0) {
    result.kind = LoginResult::Kind::throttled;
    result.retry_after_seconds = wait;
    return result;
  }
  std::optional<db::UserRow> user;
  if (password.size() <= kMaxPasswordBytes && name.size() <= kMaxUsernameLength) {
    auto conn = db_.connect();
    user = db::users::find_by_username(conn, name);
  }
  // Verify against a decoy when the user is unknown, so timing does not tell them apart.
  const bool ok = hasher_.verify(user ? user->password_hash : hasher_.decoy_hash(),
                                 password.substr(0, kMaxPasswordBytes)) &&
                  user.has_value() && password.size() <= kMaxPasswordBytes;
  if (!ok) {
    throttle_.record_failure(name, client_ip, now);
    return result;
  }
  throttle_.record_success(name);
  if (hasher_.needs_rehash(user->password_hash)) {
    const std::string upgraded = hasher_.hash(password);
    auto conn = db_.connect();
    db::users::update_password_hash(conn.sql(), user->id, upgraded);
  }
  result.kind = LoginResult::Kind::ok;
  result.user_id = user->id;
  result.username = user->username;
  return result;
}

FieldErrors AccountService::change_password(db::Id user_id, const PasswordChange& in,
                                            const std::string& keep_session_hash) {
  FieldErrors errors;
  const auto user = find_by_id(user_id);
  if (!user) {
    errors["current_password"] = "Your account no longer exists.";
    return errors;
  }
  if (in.current_password.empty()) {
    errors["current_password"] = "Please enter your current password.";
  } else if (in.current_password.size() > kMaxPasswordBytes ||
             !hasher_.verify(user->password_hash, in.current_password)) {
    errors["current_password"] = "That is not your current password.";
  }
  if (auto e = check_new_password(in.password)) {
    errors["password"] = *e;
  }
  if (in.password2 != in.password) {
    errors["password2"] = "The passwords do not match.";
  }
  if (!errors.empty()) {
    return errors;
  }
  const std::string hash = hasher_.hash(in.password);
  auto conn = db_.connect();
  db::Transaction tx(conn);
  db::users::update_password_hash(conn.sql(), user_id, hash);
  db::sessions::remove_for_user(conn.sql(), user_id, keep_session_hash);
  tx.commit();
  return errors;
}

std::optional<std::string> AccountService::set_password(db::Id user_id,
                                                        const std::string& password) {
  if (auto e = check_new_password(password)) {
    return e;
  }
  const std::string hash = hasher_.hash(password);
  auto conn = db_.connect();
  db::Transaction tx(conn);
  db::users::update_password_hash(conn.sql(), user_id, hash);
  db::sessions::remove_for_user(conn.sql(), user_id, "");
  tx.commit();
  return std::nullopt;
}

FieldErrors AccountService::update_profile(db::Id user_id, const std::string& username_in,
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
      errors["username"] = "Please use a different username.";
      return errors;
    }
    db::users::update_profile(conn.sql(), user_id, username, about_me);
    // Post lists show the author's name.
    db::content_version::advance(conn.sql());
    tx.commit();
  } catch (const soci::soci_error& e) {
    if (!db::is_unique_violation(e)) {
      throw;
    }
    errors["username"] = "Please use a different username.";
  }
  return errors;
}

std::optional<db::UserRow> AccountService::find_by_id(db::Id id) {
  auto conn = db_.connect();
  return db::users::find_by_id(conn, id);
}

std::optional<db::UserRow> AccountService::find_by_username(const std::string& username) {
  if (check_username(username)) {
    return std::nullopt;  // cannot exist; spares the query
  }
  auto conn = db_.connect();
  return db::users::find_by_username(conn, username);
}

void AccountService::record_activity(db::Id user_id, util::Micros last_seen_us, util::Micros now) {
  if (now - last_seen_us < kLastSeenResolution) {
    return;
  }
  auto conn = db_.connect();
  db::Transaction tx(conn);  // queues with the other writers on SQLite
  db::users::touch_last_seen(conn.sql(), user_id, now, now - kLastSeenResolution);
  tx.commit();
}

}  // namespace microblog::services

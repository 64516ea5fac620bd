#include "services/password_reset_service.hpp"

#include <optional>

#include "db/api_token_repository.hpp"
#include "db/database.hpp"
#include "db/password_reset_repository.hpp"
#include "db/session_repository.hpp"
#include "db/throttle_repository.hpp"
#include "db/user_repository.hpp"
#include "jobs/mail_job.hpp"
#include "mail/compose.hpp"
#include "services/account_validation.hpp"
#include "services/security_log.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"

namespace microblog::services {
namespace {

std::string address_key(const std::string& email) {
  return "reset:address:" + util::to_lower_ascii(email).substr(0, 150);
}

std::string reset_ip_key(const std::string& ip) {
  return "reset:ip:" + ip.substr(0, 150);
}

// The message, or nothing (logged) when the mailer would refuse it.
std::optional<mail::Message> composable(mail::Message message, Id user_id) {
  try {
    mail::validate(message);
    return message;
  } catch (const mail::InvalidMessage&) {
    // Not the reason: it names the address. The user id is enough to find it.
    log_security_event(SecurityEvent::mail_refused, user_id, "");
    return std::nullopt;
  }
}

}  // namespace

PasswordResetService::PasswordResetService(db::Database& db, PasswordHasher& hasher,
                                           const i18n::Languages& languages,
                                           PasswordResetSettings settings,
                                           std::function<void()> jobs_enqueued)
    : db_(db),
      hasher_(hasher),
      languages_(languages),
      settings_(std::move(settings)),
      jobs_enqueued_(std::move(jobs_enqueued)) {}

ResetRequestResult PasswordResetService::request(const std::string& email_in,
                                                 const std::string& client_ip, util::Micros now,
                                                 const i18n::Language& language) {
  ResetRequestResult result;
  const std::string email(util::trim(email_in));
  const util::Micros floor = now - kWindow;
  bool enqueued = false;
  auto conn = db_.connect();
  db::Transaction tx(conn);
  // Counted for every request, whether the address exists or not: the limits reveal nothing.
  const int from_ip =
      db::throttles::add_failure(conn.sql(), conn.dialect(), reset_ip_key(client_ip), now, floor);
  if (from_ip > settings_.per_ip) {
    tx.commit();
    // The count's window started at most an hour ago; it restarts an hour after that.
    const auto state = db::throttles::get(conn.sql(), reset_ip_key(client_ip));
    result.kind = ResetRequestResult::Kind::ip_limited;
    result.retry_after_seconds = static_cast<int>(std::max<util::Micros>(
        1, (state.window_start_us + kWindow - now) / util::kMicrosPerSecond));
    log_security_event(SecurityEvent::password_reset_limited, 0, client_ip,
                       result.retry_after_seconds);
    count_on(settings_.limited);
    return result;
  }
  const int for_address =
      db::throttles::add_failure(conn.sql(), conn.dialect(), address_key(email), now, floor);
  if (for_address > settings_.per_address) {
    count_on(settings_.limited);  // the same answer, and no mail
  }
  const auto user = db::users::find_by_email(conn, email);
  if (user && for_address <= settings_.per_address) {
    const std::string token = util::random_token();
    // Composed and checked before anything is written: an account stored under an older rule
    // may have an address the mailer refuses, and throwing inside this transaction would undo
    // the counts above and answer 500, telling the requester that the address has an account.
    const auto message =
        composable(mail::reset_password_mail(language, settings_.from,
                                             {user->email, user->username}, user->username,
                                             settings_.base_url + "/auth/reset_password/" + token,
                                             static_cast<int>(kTokenLifetime / util::seconds(60))),
                   user->id);
    if (message) {
      db::password_resets::insert(
          conn.sql(), {util::sha256_hex(token), user->id, now, now + kTokenLifetime, 0});
      jobs::enqueue_mail(conn.sql(), *message, /*secret=*/true, settings_.mail_max_attempts, now);
      enqueued = true;
    }
  }
  tx.commit();
  log_security_event(SecurityEvent::password_reset_requested, user ? user->id : 0, client_ip);
  if (enqueued && jobs_enqueued_) {
    jobs_enqueued_();
  }
  return result;
}

std::string PasswordResetService::ticket_of(const std::string& token) {
  return util::is_token_shaped(token) ? util::sha256_hex(token) : std::string();
}

TokenState PasswordResetService::check_ticket(const std::string& ticket, util::Micros now) {
  if (ticket.empty()) {
    return TokenState::unknown;
  }
  auto conn = db_.connect();
  return check(conn, ticket, now);
}

TokenState PasswordResetService::check(db::Connection& conn, const std::string& token_hash,
                                       util::Micros now) {
  const auto row = db::password_resets::find(conn.sql(), token_hash);
  if (!row) {
    return TokenState::unknown;
  }
  if (row->used_us != 0) {
    return TokenState::used;
  }
  return row->expires_us > now ? TokenState::valid : TokenState::expired;
}

ResetResult PasswordResetService::reset(const std::string& ticket, const std::string& password,
                                        const std::string& password2, const std::string& client_ip,
                                        util::Micros now, const i18n::Language& language) {
  ResetResult result;
  result.state = check_ticket(ticket, now);
  if (result.state != TokenState::valid) {
    return result;
  }
  check_password_pair(password, password2, result.errors);
  if (!result.errors.empty()) {
    return result;
  }
  // Hash outside the transaction: argon2 takes long and must not hold the write lock.
  const std::string hash = hasher_.hash(password);
  const std::string& token_hash = ticket;
  auto conn = db_.connect();
  db::Transaction tx(conn);
  const auto row = db::password_resets::find(conn.sql(), token_hash);
  if (!row || !db::password_resets::consume(conn.sql(), token_hash, now)) {
    // Used or expired between the check and now (a second tab, a double submit). Asked on the
    // connection this request holds: leasing a second one could wait on a full pool.
    tx.commit();
    result.state = check(conn, token_hash, now);
    if (result.state == TokenState::valid) {
      result.state = TokenState::used;
    }
    return result;
  }
  const auto user = db::users::find_by_id(conn, row->user_id);
  if (!user) {
    result.state = TokenState::unknown;
    return result;
  }
  db::users::update_password_hash(conn.sql(), user->id, hash);
  db::sessions::remove_for_user(conn.sql(), user->id, "");
  db::api_tokens::remove_for_user(conn.sql(), user->id);
  db::password_resets::retire_for_user(conn.sql(), user->id, now);
  const auto notice =
      composable(mail::password_changed_mail(
                     languages_.offers(user->language) ? languages_.get(user->language) : language,
                     settings_.from, {user->email, user->username}, user->username,
                     settings_.base_url + "/auth/reset_password_request"),
                 user->id);
  if (notice) {
    jobs::enqueue_mail(conn.sql(), *notice, /*secret=*/false, settings_.mail_max_attempts, now);
  }
  tx.commit();
  log_security_event(SecurityEvent::password_reset, user->id, client_ip);
  if (notice && jobs_enqueued_) {
    jobs_enqueued_();
  }
  return result;
}

}  // namespace microblog::services

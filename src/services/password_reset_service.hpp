#pragma once

#include <functional>
#include <string>

#include "i18n/languages.hpp"
#include "mail/message.hpp"
#include "services/password_hasher.hpp"
#include "services/problem.hpp"
#include "services/rate_limit.hpp"
#include "util/clock.hpp"
#include "util/templates.hpp"

namespace microblog::db {
class Connection;
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct PasswordResetSettings {
  std::string base_url;  // "https://microblog.example.com", for the absolute link
  mail::Address from;
  int per_address = 3;  // requests per hour per address before mails stop (same answer)
  int per_ip = 20;      // requests per hour per client address before 429
  int mail_max_attempts = 5;
  // Counts the requests either limit refused (docs/observability.md); none when null.
  metrics::Counter* limited = nullptr;
};

struct ResetRequestResult {
  enum class Kind { accepted, ip_limited };
  Kind kind = Kind::accepted;
  int retry_after_seconds = 0;
};

enum class TokenState { valid, unknown, expired, used };

struct ResetResult {
  TokenState state = TokenState::unknown;  // valid when the password was set (or errors)
  FieldErrors errors;                      // non-empty: nothing changed, show the form again
  bool done() const { return state == TokenState::valid && errors.empty(); }
};

// Password reset by mailed link. The token is random (256 bits), stored only as its SHA-256,
// valid for an hour and once. The answer to a request never tells whether the address has an
// account; the mail is enqueued as a job in the transaction that stores the token.
class PasswordResetService {
 public:
  PasswordResetService(db::Database& db, PasswordHasher& hasher, const i18n::Languages& languages,
                       PasswordResetSettings settings, std::function<void()> jobs_enqueued);

  // `email` as typed; the handler checks only its shape (check_email_to_find). An account
  // whose address the mailer refuses gets no mail and the same answer as any other. The mail is
  // written in `language`, the one of the page that asked for it (the asker reads it).
  ResetRequestResult request(const std::string& email, const std::string& client_ip,
                             util::Micros now, const i18n::Language& language);
  // What the reset form works with once the link has been opened: the token's SHA-256, as the
  // password_reset table stores it. The web layer keeps it in the visitor's session, so the
  // token leaves the address bar (and every Referer and log) at once, and a session row holds
  // nothing that would work as a link. "" for what cannot be a token.
  static std::string ticket_of(const std::string& token);
  TokenState check_ticket(const std::string& ticket, util::Micros now);
  // Sets the new password, ends every session of the user, uses up the ticket's token (and any
  // other open one of the user) and mails a notice, all in one transaction. The notice is in the
  // user's chosen language, or else in `language`, the one of the page that set the password.
  // Mails are rendered when they are queued, so the language is settled then.
  ResetResult reset(const std::string& ticket, const std::string& password,
                    const std::string& password2, const std::string& client_ip, util::Micros now,
                    const i18n::Language& language);

  static constexpr util::Micros kTokenLifetime = util::seconds(3600);
  static constexpr util::Micros kWindow = util::seconds(3600);

 private:
  TokenState check(db::Connection& conn, const std::string& token_hash, util::Micros now);

  db::Database& db_;
  PasswordHasher& hasher_;
  const i18n::Languages& languages_;
  PasswordResetSettings settings_;
  std::function<void()> jobs_enqueued_;
};

}  // namespace microblog::services

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/activity_recorder.hpp"
#include "services/view_types.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct Flash {
  std::string category;  // a Bootstrap alert colour: info, success, warning, danger
  std::string message;
};

// One visitor's session as a request sees it. The cookie carries a random 256-bit id; the
// database stores only its SHA-256, so a leaked table does not hand out live sessions.
struct Session {
  std::string id;       // cookie value; empty until the visitor needs one
  bool stored = false;  // a row exists
  Id user_id = 0;
  std::string username;
  util::Micros last_seen_us = 0;
  // The signed-in user's chosen interface language, "" when they never chose one.
  std::string language;
  bool remember = false;
  util::Micros expires_us = 0;
  std::vector<Flash> flashes;
  // Between a password-reset link and its form: the reset's ticket
  // (PasswordResetService::ticket_of), so that the token leaves the address bar at once.
  std::string reset_ticket;
  bool data_changed = false;  // flashes or the ticket: the stored data_json is due
  bool send_cookie = false;   // the id is new or its lifetime moved: Set-Cookie is due
  // The content version (db/content_version_repository.hpp) as of loading a stored session:
  // read with it because almost every page that needs a session shows a post list.
  std::optional<long long> content_version;
  // The signed-in user's home timeline version, read with it for the same reason.
  std::optional<HomeVersion> home_version;
  // The signed-in user's unread private messages as the session's statement read them.
  std::optional<int> unread_messages;
  // The signed-in user's last started posts export (0: none), as the session's statement read it.
  std::optional<Id> export_job_id;
  // The user a profile page is about, when its route asked for it to be read with the session
  // (load's `profile_username`): empty inside when nobody has that name; unset when not read.
  std::optional<std::optional<ProfileForViewer>> profile;

  bool logged_in() const { return user_id != 0; }
};

class SessionReadBatch;

class SessionService {
 public:
  // With `batch_reads`, the sessions of concurrent requests are read in one statement
  // (SessionReadBatch; DB_BATCH_SESSION_READS).
  SessionService(db::Database& db, ActivityRecorder& activity, std::string_view secret_key,
                 int idle_hours, int remember_days, bool batch_reads = false);
  ~SessionService();
  SessionService(const SessionService&) = delete;
  SessionService& operator=(const SessionService&) = delete;

  // The cookie's name. Over HTTPS "__Host-session": browsers take a cookie of that name only
  // with Secure, Path=/ and no Domain, so neither a plain-HTTP page nor a sibling subdomain can
  // plant or overwrite it. Plain http:// (development on 127.0.0.1) keeps "session", which a
  // browser would refuse under that prefix.
  static std::string_view cookie_name(bool https) { return https ? "__Host-session" : "session"; }
  // Messages waiting to be shown, at most; the oldest gives way.
  static constexpr std::size_t kMaxPendingFlashes = 5;

  // The session for a cookie value (or none); an unknown or expired id gives an anonymous
  // session with that id and nothing stored. With `profile_username`, a stored session comes
  // with Session::profile read in the same statement.
  Session load(const std::optional<std::string>& cookie_id, util::Micros now,
               const std::string* profile_username = nullptr);

  // The CSRF token bound to this session (assigning an id if the visitor has none).
  std::string csrf_token(Session& s) const;
  bool csrf_valid(const Session& s, std::string_view token) const;

  void add_flash(Session& s, std::string category, std::string message) const;
  std::vector<Flash> take_flashes(Session& s) const;

  // Holds a password-reset ticket in the session ("" drops it).
  void set_reset_ticket(Session& s, std::string ticket) const;

  // Rotates the id (no session fixation) and binds the session to the user.
  void log_in(Session& s, Id user_id, const std::string& username, bool remember, util::Micros now);
  // Deletes the stored session; the visitor continues with a new anonymous id.
  void log_out(Session& s);

  // Persists what changed during the request (flashes, the reset ticket, sliding expiry). An
  // anonymous visitor with nothing to keep gets no row.
  void save(Session& s, util::Micros now);

  // The Set-Cookie value for the session's current id, named and flagged for the scheme.
  std::string cookie_header(const Session& s, bool https) const;

  // The stored hash of a session id (what other services use to name a session).
  static std::string hash_id(const std::string& id);

  long long remove_expired(util::Micros now);

 private:
  util::Micros lifetime(bool remember) const;
  void assign_new_id(Session& s) const;
  // The CSRF token of session id `id`: valid until this thread's next call.
  const std::string& csrf_token_of(const std::string& id) const;

  db::Database& db_;
  ActivityRecorder& activity_;
  util::TokenKey csrf_key_;
  // Tells this service's remembered CSRF tokens from another's (tests make several, with
  // different keys, possibly at the same address).
  const std::uint64_t instance_;
  util::Micros idle_;
  util::Micros remember_;
  std::unique_ptr<SessionReadBatch> batch_;  // null: each request reads its own
};

}  // namespace microblog::services

#pragma once

#include <string_view>

#include "util/id.hpp"

namespace microblog::services {

enum class SecurityEvent {
  login_failed,             // a wrong password, or no such account
  login_throttled,          // refused unchecked: the address waits (LoginThrottle)
  registration_limited,     // REGISTRATIONS_PER_IP reached
  password_changed,         // by the user (signed in) or an operator (no address)
  password_change_failed,   // the current password was wrong
  password_change_limited,  // PASSWORD_CHANGES_PER_ACCOUNT reached
  password_reset_requested,
  password_reset_limited,  // RESET_REQUESTS_PER_IP reached
  password_reset,          // a new password set through a mailed link
  mail_refused,            // the account's address or name cannot be mailed
};

// One line on the "security" logger (app/logging.cpp): the event, the account's id when there
// is one (0: none or unknown) and the client's address (empty: not a web request), and the
// wait imposed if any. Only these go into the line: never a password, token, session id or
// the name typed at a failed sign-in (people type their password there by mistake).
void log_security_event(SecurityEvent event, Id user_id, std::string_view client_ip,
                        int retry_after_seconds = 0);

}  // namespace microblog::services

#pragma once

#include <string>

#include "util/unavailable.hpp"

namespace microblog::services {

// The work a request needs has no room right now (password hashing is at capacity): the
// request is answered 503 with Retry-After at once instead of waiting, so that a burst of
// sign-ins or registrations never holds every request thread. An outcome, not a fault: the
// web layer answers it without logging an error or mailing the operators.
class Busy : public util::Unavailable {
 public:
  Busy(const std::string& what, int retry_after_seconds)
      : util::Unavailable(what), retry_after_seconds_(retry_after_seconds) {}
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  int retry_after_seconds_;
};

}  // namespace microblog::services

#pragma once

#include <optional>
#include <stdexcept>

#include "http/message.hpp"
#include "services/session_service.hpp"

namespace microblog::web {

// The session the session middleware attached to the request, or null outside it (error
// pages the server answers before the pipeline runs).
inline services::Session* session_of(http::Request& req) {
  return std::any_cast<services::Session>(&req.context);
}

inline services::Session& require_session(http::Request& req) {
  auto* s = session_of(req);
  if (s == nullptr) {
    throw std::logic_error("no session attached to the request");
  }
  return *s;
}

}  // namespace microblog::web

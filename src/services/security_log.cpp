#include "services/security_log.hpp"

#include <string>

#include <spdlog/spdlog.h>

#include "util/text.hpp"

namespace microblog::services {
namespace {

struct Described {
  const char* name;
  spdlog::level::level_enum level;
};

Described describe(SecurityEvent event) {
  using L = spdlog::level::level_enum;
  switch (event) {
    case SecurityEvent::login_failed:
      return {"login_failed", L::info};
    case SecurityEvent::login_throttled:
      return {"login_throttled", L::warn};
    case SecurityEvent::registration_limited:
      return {"registration_limited", L::warn};
    case SecurityEvent::password_changed:
      return {"password_changed", L::info};
    case SecurityEvent::password_change_failed:
      return {"password_change_failed", L::info};
    case SecurityEvent::password_change_limited:
      return {"password_change_limited", L::warn};
    case SecurityEvent::password_reset_requested:
      return {"password_reset_requested", L::info};
    case SecurityEvent::password_reset_limited:
      return {"password_reset_limited", L::warn};
    case SecurityEvent::password_reset:
      return {"password_reset", L::info};
    case SecurityEvent::mail_refused:
      return {"mail_refused", L::warn};
  }
  return {"unknown", L::warn};
}

}  // namespace

void log_security_event(SecurityEvent event, Id user_id, std::string_view client_ip,
                        int retry_after_seconds) {
  const auto [name, level] = describe(event);
  // JSON members: the security logger's pattern puts them into its object (app/logging.cpp).
  std::string fields = std::string(R"("event":")") + name + '"';
  if (user_id != 0) {
    fields += R"(,"user_id":)" + std::to_string(user_id);
  }
  if (!client_ip.empty()) {
    fields += R"(,"ip":)" + util::json_string_literal(client_ip);
  }
  if (retry_after_seconds > 0) {
    fields += R"(,"retry_after":)" + std::to_string(retry_after_seconds);
  }
  if (auto logger = spdlog::get("security")) {
    logger->log(level, std::string_view(fields));
  } else {
    spdlog::log(level, "security {}", fields);  // no logging set up (tools, some tests)
  }
}

}  // namespace microblog::services

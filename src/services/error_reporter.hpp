#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mail/message.hpp"
#include "util/clock.hpp"
#include "util/templates.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct ErrorReporterSettings {
  std::vector<mail::Address> admins;  // empty: no mails
  mail::Address from;
  util::Micros interval = util::seconds(600);
  std::string instance;  // host:pid, so the operator knows which instance failed
  int mail_max_attempts = 5;
};

struct FailedRequest {
  std::string request_id;
  std::string method;
  std::string route;  // the route pattern (path parameters, e.g. a reset token, are left out)
  std::string path;   // used only when no route matched; already without secrets (the web
                      // layer's loggable_path), as it goes into a mail
  std::string error;
};

// Mails ADMINS about unhandled server errors, through the job queue so that the failing request
// only pays for one small transaction. At most one mail per distinct (route, error text) per
// interval, counted in the throttle table so that every instance shares the count.
class ErrorReporter {
 public:
  ErrorReporter(db::Database& db, const util::Templates& templates, ErrorReporterSettings settings,
                std::function<void()> jobs_enqueued);

  // True when a mail was enqueued. Never throws: reporting must not make a failure worse.
  bool report(const FailedRequest& failure, util::Micros now) noexcept;

  // What may be mailed of an exception's text: SOCI appends the bound values of the failing
  // statement (" with :name=value"), which may be personal data or secrets; they are cut off.
  static std::string redact(const std::string& error);

 private:
  db::Database& db_;
  const util::Templates& templates_;
  ErrorReporterSettings settings_;
  std::function<void()> jobs_enqueued_;
};

}  // namespace microblog::services

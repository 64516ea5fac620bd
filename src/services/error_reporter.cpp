#include "services/error_reporter.hpp"

#include <spdlog/spdlog.h>

#include "db/database.hpp"
#include "db/throttle_repository.hpp"
#include "jobs/mail_job.hpp"
#include "mail/compose.hpp"
#include "util/crypto.hpp"

namespace microblog::services {

ErrorReporter::ErrorReporter(db::Database& db, const util::Templates& templates,
                             ErrorReporterSettings settings, std::function<void()> jobs_enqueued)
    : db_(db),
      templates_(templates),
      settings_(std::move(settings)),
      jobs_enqueued_(std::move(jobs_enqueued)) {}

std::string ErrorReporter::redact(const std::string& error) {
  std::string out = error;
  if (const auto with = out.find(" with :"); with != std::string::npos) {
    out.resize(with);
    out += " [bound values removed]";
  }
  if (out.size() > 4000) {
    out.resize(4000);
    out += "...";
  }
  return out;
}

bool ErrorReporter::report(const FailedRequest& failure, util::Micros now) noexcept {
  if (settings_.admins.empty()) {
    return false;
  }
  try {
    const std::string where = failure.route.empty() ? failure.path.substr(0, 200) : failure.route;
    const std::string error = redact(failure.error);
    const std::string key = "error:" + util::sha256_hex(where + "\n" + error);
    auto conn = db_.connect(std::chrono::milliseconds(500));
    db::Transaction tx(conn);
    const int seen =
        db::throttles::add_failure(conn.sql(), conn.dialect(), key, now, now - settings_.interval);
    if (seen > 1) {
      tx.commit();
      return false;
    }
    mail::ErrorDetails details{failure.request_id,
                               failure.method,
                               where,
                               error,
                               settings_.instance,
                               now,
                               static_cast<int>(settings_.interval / util::seconds(60))};
    jobs::enqueue_mail(
        conn.sql(), mail::error_report_mail(templates_, settings_.from, settings_.admins, details),
        /*secret=*/false, settings_.mail_max_attempts, now);
    tx.commit();
    if (jobs_enqueued_) {
      jobs_enqueued_();
    }
    return true;
  } catch (const std::exception& e) {
    spdlog::error("request {}: the error report could not be queued: {}", failure.request_id,
                  e.what());
  } catch (...) {
    spdlog::error("request {}: the error report could not be queued", failure.request_id);
  }
  return false;
}

}  // namespace microblog::services

#pragma once

#include <functional>
#include <optional>
#include <string>

#include "i18n/languages.hpp"
#include "mail/message.hpp"
#include "mail/transport.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::jobs {
class JobContext;
}  // namespace microblog::jobs

namespace microblog::services {

// The job kind of a posts export, and the notification that carries its progress.
inline constexpr const char* kExportPostsJob = "posts.export";
inline constexpr const char* kTaskProgress = "task_progress";

struct ExportSettings {
  mail::Address from;
  int max_attempts = 5;
  // Posts read per query, and so at most held in memory at once.
  int page_size = 1000;
  // Where the file is written before it is mailed ("" for the system's temporary folder).
  std::string work_dir;
  // Test support: called once the first page is written and its progress recorded, so that a
  // test can stop the server in the middle of an export (MICROBLOG_TEST_HOLD_DIR).
  std::function<void()> after_first_page;
};

struct ExportStart {
  enum class Kind { started, already_running };
  Kind kind = Kind::started;
  Id job_id = 0;
};

struct ExportProgress {
  Id job_id = 0;
  int percent = 0;
};

// "Export your posts": a background job writes every post of the user to posts.json (oldest
// first, the original's format) a page of posts at a time, and mails it as an attachment read
// from the file, so neither memory nor the job's row ever holds the whole export. One export
// runs at a time per user (user.export_job_id, migrations/*/0011_export_job.sql).
class ExportService {
 public:
  ExportService(db::Database& db, const i18n::Languages& languages, mail::Transport& transport,
                ExportSettings settings, std::function<void()> jobs_enqueued);

  // Starts an export of the user's posts, unless one is queued or running. The mail is written
  // in the user's chosen language, else in `page_language` (the page that asked).
  ExportStart start(Id user_id, const i18n::Language& page_language);

  // The user's export `job_id` (the id the session read from the user's row) while it is queued
  // or running; nothing once it ended. An export that ended without clearing the row (a job
  // given up as dead) is cleared here, so that the next pages need not ask again.
  std::optional<ExportProgress> active(Id user_id, Id job_id);
  // The same for the user's last started export, when the session did not read its id.
  std::optional<ExportProgress> current(Id user_id);

  // The job's work (registered for kExportPostsJob by the application). Each attempt starts
  // the file from the beginning: a retry after a crash or on another instance needs nothing
  // the previous attempt left.
  void run(jobs::JobContext& ctx);

 private:
  // Records the progress on the job (renewing its lease) and tells the user's pages.
  void report(jobs::JobContext& ctx, Id user_id, int percent);

  db::Database& db_;
  const i18n::Languages& languages_;
  mail::Transport& transport_;
  ExportSettings settings_;
  std::function<void()> jobs_enqueued_;
};

}  // namespace microblog::services

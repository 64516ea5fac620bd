#include "services/export_service.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "db/database.hpp"
#include "db/export_repository.hpp"
#include "db/job_repository.hpp"
#include "db/notification_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/mail_job.hpp"
#include "mail/compose.hpp"
#include "services/export_format.hpp"
#include "util/crypto.hpp"

namespace microblog::services {
namespace {

namespace fs = std::filesystem;

bool is_active(const db::JobRow& job) {
  return job.state == "queued" || job.state == "running";
}

// The attempt's file, removed however the attempt ends: a finished export lives in the mail,
// and a failed one is written again from the start by the next attempt.
class WorkFile {
 public:
  explicit WorkFile(fs::path path) : path_(std::move(path)) {}
  WorkFile(const WorkFile&) = delete;
  WorkFile& operator=(const WorkFile&) = delete;
  ~WorkFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

fs::path work_folder(const std::string& dir) {
  return dir.empty() ? fs::temp_directory_path() : fs::path(dir);
}

std::string work_prefix(Id job_id) {
  return fmt::format("microblog-export-{}-", job_id);
}

// Unique per attempt: a worker that lost its lease may still be writing its own file.
fs::path work_path(const std::string& dir, Id job_id) {
  return work_folder(dir) / (work_prefix(job_id) + util::random_token().substr(0, 12) + ".json");
}

// The files of this job's earlier attempts that never got to remove their own (the process was
// killed). A stale attempt still writing loses its file, and with it its send: it had lost the
// job anyway, or this attempt would not be running.
void remove_earlier_attempts(const std::string& dir, Id job_id) {
  const std::string prefix = work_prefix(job_id);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(work_folder(dir), ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

// The task_progress notification the page's script moves the bar by.
void notify_progress(soci::session& sql, Id user_id, Id job_id, int percent, util::Micros now) {
  db::notifications::put(
      sql, user_id, kTaskProgress,
      nlohmann::json{{"task_id", std::to_string(job_id)}, {"progress", percent}}.dump(), now);
}

}  // namespace

ExportService::ExportService(db::Database& db, const i18n::Languages& languages,
                             mail::Transport& transport, ExportSettings settings,
                             std::function<void()> jobs_enqueued)
    : db_(db),
      languages_(languages),
      transport_(transport),
      settings_(std::move(settings)),
      jobs_enqueued_(std::move(jobs_enqueued)) {
  settings_.page_size = std::max(1, settings_.page_size);
}

ExportStart ExportService::start(Id user_id, const i18n::Language& page_language) {
  ExportStart result;
  {
    auto conn = db_.connect();
    db::Transaction tx(conn);
    const Id seen = db::exports::current_job(conn.sql(), user_id);
    if (seen != 0) {
      const auto job = db::jobs::find(conn.sql(), seen);
      if (job && is_active(*job)) {
        return {ExportStart::Kind::already_running, seen};
      }
    }
    const util::Micros now = util::now_micros();
    jobs::JobSpec spec;
    spec.kind = kExportPostsJob;
    spec.user_id = user_id;
    spec.payload = {{"language", page_language.code()}};
    spec.description = "Exporting posts...";
    spec.max_attempts = settings_.max_attempts;
    result.job_id = jobs::enqueue(conn.sql(), spec, now);
    // Compare-and-set: of two requests that both saw no export running, one records its job;
    // the other rolls its job back with this transaction.
    if (!db::exports::claim(conn.sql(), user_id, seen, result.job_id)) {
      return {ExportStart::Kind::already_running, db::exports::current_job(conn.sql(), user_id)};
    }
    notify_progress(conn.sql(), user_id, result.job_id, 0, now);
    tx.commit();
  }
  if (jobs_enqueued_) {
    jobs_enqueued_();
  }
  return result;
}

std::optional<ExportProgress> ExportService::active(Id user_id, Id job_id) {
  if (job_id == 0) {
    return std::nullopt;
  }
  auto conn = db_.connect();
  const auto job = db::jobs::find(conn.sql(), job_id);
  if (job && is_active(*job)) {
    return ExportProgress{job_id, job->progress};
  }
  db::exports::release(conn.sql(), user_id, job_id);
  return std::nullopt;
}

std::optional<ExportProgress> ExportService::current(Id user_id) {
  Id job_id = 0;
  {
    auto conn = db_.connect();
    job_id = db::exports::current_job(conn.sql(), user_id);
  }
  return active(user_id, job_id);
}

void ExportService::report(jobs::JobContext& ctx, Id user_id, int percent) {
  ctx.progress(percent);  // throws LeaseLost when another worker has taken the job over
  auto conn = db_.connect();
  notify_progress(conn.sql(), user_id, ctx.id(), percent, ctx.now());
}

void ExportService::run(jobs::JobContext& ctx) {
  const Id user_id = ctx.row().user_id;
  std::optional<db::UserRow> user;
  {
    auto conn = db_.connect();
    user = db::users::find_by_id(conn, user_id);
  }
  if (!user) {
    throw jobs::PermanentJobError("the user of this export no longer exists");
  }
  // For the progress bar only: posts written since the count was read make it end early.
  const long long expected = std::max(1, user->post_count);
  remove_earlier_attempts(settings_.work_dir, ctx.id());
  const WorkFile file(work_path(settings_.work_dir, ctx.id()));
  long long written = 0;
  {
    std::ofstream out(file.path(), std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error(
          fmt::format("cannot create the export file {}", file.path().string()));
    }
    out << export_opening();
    Id cursor = 0;
    int reported = -1;
    bool first_page = true;
    for (;;) {
      std::vector<db::PostRow> page;
      {
        auto conn = db_.connect();
        page = db::posts::list(
            conn.sql(), {db::posts::Scope::author, user_id, db::posts::Direction::newer, cursor,
                         settings_.page_size, 0});
      }
      // The page holds the posts just above the cursor, newest first.
      for (std::size_t i = page.size(); i-- > 0;) {
        out << export_entry(page[i].body, page[i].created_us, written == 0);
        ++written;
      }
      if (!page.empty()) {
        cursor = page.front().id;
      }
      const bool last = static_cast<int>(page.size()) < settings_.page_size;
      // 100 is kept for the mail's having gone out.
      const int percent = static_cast<int>(std::min<long long>(99, written * 100 / expected));
      if (percent != reported || !last) {
        report(ctx, user_id, percent);  // also renews the lease, page by page
        reported = percent;
      }
      if (first_page && settings_.after_first_page) {
        settings_.after_first_page();
      }
      first_page = false;
      if (last) {
        break;
      }
    }
    out << export_closing(written);
    out.close();
    if (!out) {
      throw std::runtime_error(
          fmt::format("writing the export file {} failed", file.path().string()));
    }
  }

  // The user's own choice, else the language of the page that asked.
  const i18n::Language& language = languages_.get(
      languages_.offers(user->language) ? user->language : ctx.payload().value("language", ""));
  mail::Message m = mail::export_posts_mail(language, settings_.from, {user->email, user->username},
                                            user->username, written);
  m.attachments.push_back({"posts.json", "application/json", "", file.path().string()});
  jobs::send_for_job(ctx, transport_, m);

  auto conn = db_.connect();
  db::Transaction tx(conn);
  notify_progress(conn.sql(), user_id, ctx.id(), 100, ctx.now());
  db::exports::release(conn.sql(), user_id, ctx.id());
  tx.commit();
  spdlog::info("job {}: {} posts of user {} exported and mailed", ctx.id(), written, user_id);
}

}  // namespace microblog::services

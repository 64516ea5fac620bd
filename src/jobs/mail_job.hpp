#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "jobs/job_queue.hpp"
#include "mail/message.hpp"
#include "mail/transport.hpp"

namespace microblog::jobs {

constexpr const char* kSendMail = "mail.send";

// A mail as a job payload. `secret`: the body holds something that must not outlive the
// send (a reset link), so the stored payload is cut down to recipients and subject once the
// job finishes.
nlohmann::json mail_payload(const mail::Message& message, bool secret);
mail::Message message_from_payload(const nlohmann::json& payload);

// Enqueues a "mail.send" job in the caller's transaction.
db::Id enqueue_mail(soci::session& sql, const mail::Message& message, bool secret, int max_attempts,
                    util::Micros now = util::now_micros());

// The Message-ID every attempt of a job uses: "job-<id>.<created_us>@<sender's domain>".
std::string message_id_for(const db::JobRow& job, const std::string& from_email);

// Sends `message` as the job's one mail: stamps the job's Message-ID and the date, renews the
// lease (so the send, bounded by the transport's timeout, shorter than the lease, cannot
// overlap another worker's attempt) and maps a permanent refusal to PermanentJobError.
void send_for_job(JobContext& ctx, mail::Transport& transport, mail::Message& message);

// Sends the payload's mail: renews the lease first, so the send (bounded by the transport's
// timeout, shorter than the lease) cannot overlap another worker's attempt.
Handler send_mail_handler(mail::Transport& transport);

}  // namespace microblog::jobs

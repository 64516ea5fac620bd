#pragma once

#include <string>

#include "jobs/job_queue.hpp"

namespace microblog::jobs {

// Test support only, registered when MICROBLOG_TEST_HOLD_DIR is set: "test.hold_mail" reports
// progress 50, then announces itself on the FIFO <dir>/job-entered and waits for a byte on
// <dir>/job-release before running `then` (the mail handler). It lets a test kill a worker in
// the middle of a job without sleeping.
constexpr const char* kTestHoldMail = "test.hold_mail";
Handler hold_then(std::string dir, Handler then);

}  // namespace microblog::jobs

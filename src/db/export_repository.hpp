#pragma once

#include <soci/soci.h>

#include "db/user_repository.hpp"

namespace microblog::db {

// SQL for user.export_job_id, the posts export a user has started (0: none). The job itself is
// a row of the job table; this column only lets the session's statement tell a page whether
// to look at it.
namespace exports {

Id current_job(soci::session& sql, Id user_id);
// Records `job_id` as the user's export if the column still holds `seen`: false when another
// request changed it first (the caller then rolls back its job).
bool claim(soci::session& sql, Id user_id, Id seen, Id job_id);
// Clears the column if it still names `job_id` (a newer export keeps its own id).
void release(soci::session& sql, Id user_id, Id job_id);

}  // namespace exports
}  // namespace microblog::db

#pragma once

// Rows to view types: for the services' own .cpp files only (it sees the database layer).

#include "db/follow_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/view_types.hpp"

namespace microblog::services {

UserProfile to_profile(const db::UserRow& row);
UserCard to_card(const db::UserSummary& row);
PostView to_view(const db::PostRow& row);

}  // namespace microblog::services

#pragma once

#include <vector>

#include <soci/soci.h>

#include "db/follow_repository.hpp"
#include "db/user_repository.hpp"

namespace microblog::db {

// Numbered pages of whole user rows, lowest id first: the REST API's collections, which carry
// each user's counters and a total. The page is skipped to by OFFSET in an index (the primary
// key, or the follow table's), so a page costs its offset in index entries, never a table scan.
namespace user_pages {

long long count_all(soci::session& sql);
std::vector<UserRow> all(soci::session& sql, long long offset, int limit);
// The followers of `subject`, or the users `subject` follows. Their number is the subject's
// follower_count or following_count.
std::vector<UserRow> related(soci::session& sql, follows::Relation relation, Id subject,
                             long long offset, int limit);

}  // namespace user_pages
}  // namespace microblog::db

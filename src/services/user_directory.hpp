#pragma once

#include <optional>
#include <vector>

#include "services/follow_service.hpp"
#include "services/view_types.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

// One numbered page of whole profiles and how many there are in all (the REST API's
// collections).
struct ProfilePage {
  std::vector<UserProfile> users;
  long long total = 0;
};

// Lists of users by page number, lowest id first. `page` counts from 1; `per_page` is the
// caller's (the API caps it).
class UserDirectory {
 public:
  explicit UserDirectory(db::Database& db);

  ProfilePage everyone(long long page, int per_page);
  // Nothing when there is no such user.
  std::optional<ProfilePage> related(Relation relation, Id user_id, long long page, int per_page);

 private:
  db::Database& db_;
};

}  // namespace microblog::services

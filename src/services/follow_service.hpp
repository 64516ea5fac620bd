#pragma once

#include <string>

#include "db/database.hpp"
#include "db/follow_repository.hpp"
#include "services/pagination.hpp"

namespace microblog::services {

using UserPage = Page<db::UserSummary>;

struct FollowResult {
  enum class Kind {
    done,       // followed (or unfollowed) now
    unchanged,  // already following (or not following): nothing written
    self,       // one cannot follow or unfollow oneself
    not_found,  // no such user
  };
  Kind kind = Kind::not_found;
  std::string username;  // the other user's name as stored, when found
};

// Following and unfollowing, with both users' counters kept in the same transaction as the
// follow row; and the paginated lists of followers and followed users.
class FollowService {
 public:
  FollowService(db::Database& db, int users_per_page);

  FollowResult follow(db::Id follower_id, const std::string& username);
  FollowResult unfollow(db::Id follower_id, const std::string& username);
  bool is_following(db::Id follower_id, db::Id followed_id);

  UserPage followers(db::Id user_id, const PageRequest& page);
  UserPage following(db::Id user_id, const PageRequest& page);

 private:
  UserPage list(db::follows::Relation relation, db::Id user_id, const PageRequest& page);

  db::Database& db_;
  int per_page_;
};

}  // namespace microblog::services

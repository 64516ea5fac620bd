#pragma once

#include <string>

#include "services/pagination.hpp"
#include "services/rate_limit.hpp"
#include "services/view_types.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

using UserPage = Page<UserCard>;

// Which list of people around a user.
enum class Relation {
  followers,  // those who follow the user
  following,  // those the user follows
};

struct FollowResult {
  enum class Kind {
    done,       // followed (or unfollowed) now
    unchanged,  // already following (or not following): nothing written
    self,       // one cannot follow or unfollow oneself
    not_found,  // no such user
    limited,    // over the follower's rate limit: nothing written (retry_after_seconds)
  };
  Kind kind = Kind::not_found;
  std::string username;  // the other user's name as stored, when found
  int retry_after_seconds = 0;
};

// Following and unfollowing, with both users' counters kept in the same transaction as the
// follow row; and the paginated lists of followers and followed users. Follows and unfollows
// that change something count against one rate limit per follower.
class FollowService {
 public:
  FollowService(db::Database& db, int users_per_page, RateLimit changes_per_follower);

  FollowResult follow(Id follower_id, const std::string& username);
  FollowResult unfollow(Id follower_id, const std::string& username);
  bool is_following(Id follower_id, Id followed_id);

  UserPage list(Relation relation, Id user_id, const PageRequest& page);

 private:
  db::Database& db_;
  int per_page_;
  RateLimit per_follower_;
};

}  // namespace microblog::services

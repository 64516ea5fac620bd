#include "services/user_directory.hpp"

#include "db/database.hpp"
#include "db/user_page_repository.hpp"
#include "db/user_repository.hpp"
#include "services/view_mapping.hpp"

namespace microblog::services {

UserDirectory::UserDirectory(db::Database& db) : db_(db) {}

ProfilePage UserDirectory::everyone(long long page, int per_page) {
  auto conn = db_.connect();
  ProfilePage out;
  out.total = db::user_pages::count_all(conn.sql());
  out.users =
      to_views(db::user_pages::all(conn.sql(), (page - 1) * per_page, per_page), &to_profile);
  return out;
}

std::optional<ProfilePage> UserDirectory::related(Relation relation, Id user_id, long long page,
                                                  int per_page) {
  auto conn = db_.connect();
  const auto user = db::users::find_by_id(conn, user_id);
  if (!user) {
    return std::nullopt;
  }
  const bool followers = relation == Relation::followers;
  ProfilePage out;
  // The counters are kept with the follow rows, in the same transactions.
  out.total = followers ? user->follower_count : user->following_count;
  out.users = to_views(db::user_pages::related(conn.sql(),
                                               followers ? db::follows::Relation::followers
                                                         : db::follows::Relation::following,
                                               user_id, (page - 1) * per_page, per_page),
                       &to_profile);
  return out;
}

}  // namespace microblog::services

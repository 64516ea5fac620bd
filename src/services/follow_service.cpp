#include "services/follow_service.hpp"

#include <optional>

#include "db/content_version_repository.hpp"
#include "db/sql_errors.hpp"
#include "services/account_validation.hpp"
#include "util/text.hpp"

namespace microblog::services {
namespace {

// Moves the follower's following_count and the followed user's follower_count by `delta`,
// updating the lower user id first.
void lock_in_order_and_count(soci::session& sql, db::Id follower_id, db::Id followed_id,
                             int delta) {
  if (follower_id < followed_id) {
    db::users::add_to_counters(sql, follower_id, 0, 0, delta);
    db::users::add_to_counters(sql, followed_id, 0, delta, 0);
  } else {
    db::users::add_to_counters(sql, followed_id, 0, delta, 0);
    db::users::add_to_counters(sql, follower_id, 0, 0, delta);
  }
}

// The other user's id, inside the caller's transaction; nothing when there is nobody to
// (un)follow, with `result` then saying why (not found, or oneself).
std::optional<db::Id> other_user(db::Connection& conn, db::Id follower_id,
                                 const std::string& username, FollowResult& result) {
  const auto target = db::users::find_by_username(conn, username);
  if (!target) {
    return std::nullopt;
  }
  result.username = target->username;
  if (target->id == follower_id) {
    result.kind = FollowResult::Kind::self;
    return std::nullopt;
  }
  return target->id;
}

}  // namespace

FollowService::FollowService(db::Database& db, int users_per_page)
    : db_(db), per_page_(users_per_page) {}

FollowResult FollowService::follow(db::Id follower_id, const std::string& username) {
  FollowResult result;
  if (check_username(username)) {
    return result;  // cannot exist
  }
  auto conn = db_.connect();
  try {
    db::Transaction tx(conn);
    const auto target = other_user(conn, follower_id, username, result);
    if (!target) {
      return result;
    }
    if (db::follows::exists(conn, follower_id, *target)) {
      result.kind = FollowResult::Kind::unchanged;
      return result;
    }
    // Counters before the row, and the two users in id order: exclusive locks taken in one
    // global order cannot deadlock with the foreign-key share locks of a concurrent follow.
    lock_in_order_and_count(conn.sql(), follower_id, *target, +1);
    db::follows::insert(conn.sql(), follower_id, *target, util::now_micros());
    db::content_version::advance(conn.sql());
    tx.commit();
    result.kind = FollowResult::Kind::done;
  } catch (const soci::soci_error& e) {
    if (!db::is_unique_violation(e)) {
      throw;
    }
    result.kind = FollowResult::Kind::unchanged;  // the other request counted it
  }
  return result;
}

FollowResult FollowService::unfollow(db::Id follower_id, const std::string& username) {
  FollowResult result;
  if (check_username(username)) {
    return result;
  }
  auto conn = db_.connect();
  db::Transaction tx(conn);
  const auto target = other_user(conn, follower_id, username, result);
  if (!target) {
    return result;
  }
  // The counters move only when this request removed the row, so two concurrent unfollows
  // count once.
  if (!db::follows::remove(conn.sql(), follower_id, *target)) {
    result.kind = FollowResult::Kind::unchanged;
    return result;
  }
  lock_in_order_and_count(conn.sql(), follower_id, *target, -1);
  db::content_version::advance(conn.sql());
  tx.commit();
  result.kind = FollowResult::Kind::done;
  return result;
}

bool FollowService::is_following(db::Id follower_id, db::Id followed_id) {
  auto conn = db_.connect();
  return db::follows::exists(conn, follower_id, followed_id);
}

UserPage FollowService::followers(db::Id user_id, const PageRequest& page) {
  return list(db::follows::Relation::followers, user_id, page);
}

UserPage FollowService::following(db::Id user_id, const PageRequest& page) {
  return list(db::follows::Relation::following, user_id, page);
}

UserPage FollowService::list(db::follows::Relation relation, db::Id user_id,
                             const PageRequest& page) {
  // Lists of users have no numbered form (the original had no such pages): a page number is
  // served as the first page.
  PageRequest keyset = page;
  if (keyset.kind == PageRequest::Kind::number) {
    keyset = {};
  }
  auto conn = db_.connect();
  return paginate<db::UserSummary>(keyset, per_page_, [&](const Slice& s) {
    return db::follows::list(
        conn.sql(), relation, user_id,
        s.older ? db::follows::Direction::older : db::follows::Direction::newer, s.cursor, s.limit);
  });
}

}  // namespace microblog::services

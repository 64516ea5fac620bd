#include "services/follow_service.hpp"

#include <optional>

#include "db/database.hpp"
#include "db/follow_repository.hpp"
#include "db/sql_errors.hpp"
#include "db/user_repository.hpp"
#include "services/account_validation.hpp"
#include "services/view_mapping.hpp"
#include "util/text.hpp"

namespace microblog::services {
namespace {

// Moves the follower's following_count and the followed user's follower_count by `delta`,
// updating the lower user id first.
void lock_in_order_and_count(db::Connection& conn, Id follower_id, Id followed_id, int delta) {
  auto& sql = conn.sql();
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
std::optional<Id> other_user(db::Connection& conn, Id follower_id, const std::string& username,
                             FollowResult& result) {
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

// Counts a follow or unfollow against the follower's limit, first in the caller's transaction:
// every way out of it that changes nothing (no such user, oneself, already so) rolls the count
// back, so only changes count. False when over the limit.
bool within_limit(db::Connection& conn, Id follower_id, const RateLimit& limit,
                  FollowResult& result) {
  result.retry_after_seconds =
      count_action(conn, "follow:user:" + std::to_string(follower_id), limit, util::now_micros());
  if (result.retry_after_seconds > 0) {
    result.kind = FollowResult::Kind::limited;
    return false;
  }
  return true;
}

}  // namespace

FollowService::FollowService(db::Database& db, int users_per_page, RateLimit changes_per_follower)
    : db_(db), per_page_(users_per_page), per_follower_(changes_per_follower) {}

FollowResult FollowService::follow(Id follower_id, const std::string& username) {
  FollowResult result;
  if (check_username(username)) {
    return result;  // cannot exist
  }
  auto conn = db_.connect();
  try {
    db::Transaction tx(conn);
    if (!within_limit(conn, follower_id, per_follower_, result)) {
      return result;
    }
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
    lock_in_order_and_count(conn, follower_id, *target, +1);
    db::follows::insert(conn.sql(), follower_id, *target, util::now_micros());
    tx.commit();
    result.kind = FollowResult::Kind::done;
  } catch (const db::DuplicateKey&) {
    result.kind = FollowResult::Kind::unchanged;  // the other request counted it
  }
  return result;
}

FollowResult FollowService::unfollow(Id follower_id, const std::string& username) {
  FollowResult result;
  if (check_username(username)) {
    return result;
  }
  auto conn = db_.connect();
  db::Transaction tx(conn);
  if (!within_limit(conn, follower_id, per_follower_, result)) {
    return result;
  }
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
  lock_in_order_and_count(conn, follower_id, *target, -1);
  tx.commit();
  result.kind = FollowResult::Kind::done;
  return result;
}

bool FollowService::is_following(Id follower_id, Id followed_id) {
  auto conn = db_.connect();
  return db::follows::exists(conn, follower_id, followed_id);
}

UserPage FollowService::list(Relation relation, Id user_id, const PageRequest& page) {
  // Lists of users have no numbered form (the original had no such pages): a page number is
  // served as the first page.
  PageRequest keyset = page;
  if (keyset.kind == PageRequest::Kind::number) {
    keyset = {};
  }
  auto conn = db_.connect();
  const auto which = relation == Relation::followers ? db::follows::Relation::followers
                                                     : db::follows::Relation::following;
  return paginate<UserCard>(keyset, per_page_, [&](const Slice& s) {
    return to_views(
        db::follows::list(conn.sql(), which, user_id,
                          s.older ? db::follows::Direction::older : db::follows::Direction::newer,
                          s.cursor, s.limit),
        &to_card);
  });
}

}  // namespace microblog::services

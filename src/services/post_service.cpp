#include "services/post_service.hpp"

#include <algorithm>

#include "db/content_version_repository.hpp"
#include "db/database.hpp"
#include "db/follow_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/language_detection.hpp"
#include "services/post_validation.hpp"
#include "services/view_mapping.hpp"

namespace microblog::services {

PostService::PostService(db::Database& db, int posts_per_page, RateLimit posts_per_author)
    : db_(db), per_page_(posts_per_page), per_author_(posts_per_author) {}

PostResult PostService::create(Id author_id, std::string_view raw_body) {
  PostResult result;
  auto checked = check_post_body(raw_body);
  result.body = std::move(checked.body);
  if (checked.error) {
    result.errors["post"] = *checked.error;
    return result;
  }
  // Detection is CPU work: done before the transaction so that it never holds the write lock.
  result.language = detect_language(result.body);
  auto conn = db_.connect();
  db::Transaction tx(conn);
  // Counted in the post's own transaction: a refused post rolls back its count with it.
  result.retry_after_seconds =
      count_action(conn, "post:user:" + std::to_string(author_id), per_author_, util::now_micros());
  if (result.retry_after_seconds > 0) {
    return result;
  }
  // The counter first: on MariaDB the insert's foreign-key check share-locks the author's row,
  // and two posts by one author that both hold that share lock deadlock when each then wants
  // to update the row. Taking the exclusive lock first makes them queue instead.
  db::users::add_to_counters(conn.sql(), author_id, 1, 0, 0);
  result.created_us = util::now_micros();
  result.post_id =
      db::posts::insert(conn.sql(), {author_id, result.body, result.language, result.created_us});
  tx.commit();
  return result;
}

PostService::Removal PostService::remove(Id user_id, Id post_id) {
  auto conn = db_.connect();
  db::Transaction tx(conn);
  const auto author = db::posts::author_of(conn.sql(), post_id);
  if (!author) {
    return Removal::not_found;
  }
  if (*author != user_id) {
    return Removal::not_author;
  }
  // The counter first, as create() does: the author's row is locked before the post's.
  db::users::add_to_counters(conn.sql(), user_id, -1, 0, 0);
  if (!db::posts::remove(conn.sql(), post_id, user_id)) {
    return Removal::not_found;  // deleted meanwhile: the transaction rolls the count back
  }
  tx.commit();
  return Removal::deleted;
}

long long PostService::content_version() {
  auto conn = db_.connect();
  return db::content_version::current(conn);
}

HomeVersion PostService::home_version(Id reader_id) {
  auto conn = db_.connect();
  const auto v = db::content_version::home_version(conn, reader_id);
  return {v.version, v.reshaped};
}

PostPage PostService::timeline(Id reader_id, const PageRequest& page) {
  return list(Scope::timeline, reader_id, page);
}

std::vector<Id> PostService::timeline_authors(Id reader_id) {
  auto conn = db_.connect();
  std::vector<Id> ids = db::follows::followed_ids(conn.sql(), reader_id);
  ids.insert(std::upper_bound(ids.begin(), ids.end(), reader_id), reader_id);
  return ids;
}

PostPage PostService::explore(const PageRequest& page) {
  return list(Scope::everyone, 0, page);
}

PostPage PostService::by_author(Id author_id, const PageRequest& page) {
  return list(Scope::author, author_id, page);
}

PostPage PostService::list(Scope scope, Id subject, const PageRequest& page) {
  using db::posts::Scope;
  const Scope which = scope == PostService::Scope::everyone ? Scope::everyone
                      : scope == PostService::Scope::author ? Scope::author
                                                            : Scope::timeline;
  auto conn = db_.connect();
  return paginate<PostView>(page, per_page_, [&](const Slice& s) {
    return to_views(db::posts::list(conn.sql(), {which, subject,
                                                 s.older ? db::posts::Direction::older
                                                         : db::posts::Direction::newer,
                                                 s.cursor, s.limit, s.offset}),
                    &to_view);
  });
}

}  // namespace microblog::services

#include "services/post_service.hpp"

#include "db/content_version_repository.hpp"
#include "db/user_repository.hpp"
#include "services/language_detection.hpp"
#include "services/post_validation.hpp"

namespace microblog::services {

PostService::PostService(db::Database& db, int posts_per_page)
    : db_(db), per_page_(posts_per_page) {}

PostResult PostService::create(db::Id author_id, std::string_view raw_body) {
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
  // The counter first: on MariaDB the insert's foreign-key check share-locks the author's row,
  // and two posts by one author that both hold that share lock deadlock when each then wants
  // to update the row. Taking the exclusive lock first makes them queue instead.
  db::users::add_to_counters(conn.sql(), author_id, 1, 0, 0);
  result.post_id =
      db::posts::insert(conn.sql(), {author_id, result.body, result.language, util::now_micros()});
  db::content_version::advance(conn.sql());
  tx.commit();
  return result;
}

long long PostService::content_version() {
  auto conn = db_.connect();
  return db::content_version::current(conn);
}

PostPage PostService::timeline(db::Id reader_id, const PageRequest& page) {
  return list(db::posts::Scope::timeline, reader_id, page);
}

PostPage PostService::explore(const PageRequest& page) {
  return list(db::posts::Scope::everyone, 0, page);
}

PostPage PostService::by_author(db::Id author_id, const PageRequest& page) {
  return list(db::posts::Scope::author, author_id, page);
}

PostPage PostService::list(db::posts::Scope scope, db::Id subject, const PageRequest& page) {
  auto conn = db_.connect();
  return paginate<db::PostRow>(page, per_page_, [&](const Slice& s) {
    return db::posts::list(
        conn.sql(),
        {scope, subject, s.older ? db::posts::Direction::older : db::posts::Direction::newer,
         s.cursor, s.limit, s.offset});
  });
}

}  // namespace microblog::services

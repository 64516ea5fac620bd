#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/pagination.hpp"
#include "services/problem.hpp"
#include "services/rate_limit.hpp"
#include "services/view_types.hpp"
#include "util/clock.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

using PostPage = Page<PostView>;

struct PostResult {
  FieldErrors errors;  // "post" -> what is wrong
  Id post_id = 0;
  std::string body;             // as stored (normalised)
  std::string language;         // as detected, "" when unsure
  util::Micros created_us = 0;  // the post's time as stored
  int retry_after_seconds = 0;  // > 0: over the author's rate limit; nothing was stored
};

// Writing posts and reading the three post lists. Every list page is one indexed query
// (db::posts::list) whatever the number of posts.
class PostService {
 public:
  PostService(db::Database& db, int posts_per_page, RateLimit posts_per_author);

  // Checks and stores a post, counting it in the author's post_count in the same transaction;
  // refuses it (retry_after_seconds) past the author's rate limit.
  PostResult create(Id author_id, std::string_view raw_body);

  enum class Removal { deleted, not_found, not_author };
  // Deletes the user's own post; it leaves every list, on every instance, at once.
  Removal remove(Id user_id, Id post_id);

  // A number that grows with every committed change to what any list shows (a post, a follow,
  // a renamed user). A list read after this call is at least as new as the number says.
  long long content_version();

  // What a kept home timeline of the reader is checked against: raised by their follows and
  // unfollows and by renames among its authors; new posts reach it through the window of recent
  // posts (web::CachedPostLists). Signed-in pages read it with the session instead.
  HomeVersion home_version(Id reader_id);

  // The reader's posts and those of the users they follow.
  PostPage timeline(Id reader_id, const PageRequest& page);
  // Whose posts that is: the users the reader follows and the reader, sorted by id.
  std::vector<Id> timeline_authors(Id reader_id);
  PostPage explore(const PageRequest& page);
  PostPage by_author(Id author_id, const PageRequest& page);

  int posts_per_page() const { return per_page_; }

 private:
  enum class Scope { everyone, author, timeline };
  PostPage list(Scope scope, Id subject, const PageRequest& page);

  db::Database& db_;
  int per_page_;
  RateLimit per_author_;
};

}  // namespace microblog::services

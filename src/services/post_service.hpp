#pragma once

#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/post_repository.hpp"
#include "services/field_errors.hpp"
#include "services/pagination.hpp"

namespace microblog::services {

using PostPage = Page<db::PostRow>;

struct PostResult {
  FieldErrors errors;  // "post" -> message
  db::Id post_id = 0;
  std::string body;      // as stored (normalised)
  std::string language;  // as detected, "" when unsure
};

// Writing posts and reading the three post lists. Every list page is one indexed query
// (db::posts::list) whatever the number of posts.
class PostService {
 public:
  PostService(db::Database& db, int posts_per_page);

  // Checks and stores a post, counting it in the author's post_count in the same transaction.
  PostResult create(db::Id author_id, std::string_view raw_body);

  // A number that grows with every committed change to what any list shows (a post, a follow,
  // a renamed user). A list read after this call is at least as new as the number says.
  long long content_version();

  // The reader's posts and those of the users they follow.
  PostPage timeline(db::Id reader_id, const PageRequest& page);
  PostPage explore(const PageRequest& page);
  PostPage by_author(db::Id author_id, const PageRequest& page);

  int posts_per_page() const { return per_page_; }

 private:
  PostPage list(db::posts::Scope scope, db::Id subject, const PageRequest& page);

  db::Database& db_;
  int per_page_;
};

}  // namespace microblog::services

#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/database_url.hpp"
#include "db/user_repository.hpp"
#include "util/clock.hpp"

namespace microblog::db {

// A post with its author's name and e-mail (for the avatar), read in the same query.
struct PostRow {
  Id id = 0;
  Id user_id = 0;
  std::string body;
  std::string language;
  util::Micros created_us = 0;
  std::string author_username;
  std::string author_email;
};

struct NewPost {
  Id user_id = 0;
  std::string body;
  std::string language;
  util::Micros now_us = 0;
};

// SQL for the post table. Ids grow with time, so "newest first" is "highest id first" and a
// post id is a stable cursor between pages.
namespace posts {

// Whose posts a list holds.
enum class Scope {
  everyone,  // /explore
  author,    // one user's posts (profile)
  timeline,  // a user's own posts and those of the users they follow (home)
};

// older: ids below the cursor, newest first, after skipping `offset` of them (0 for keyset
// pages). newer: ids above the cursor, the oldest of them first.
enum class Direction { older, newer };

struct ListQuery {
  Scope scope = Scope::everyone;
  Id subject = 0;  // the author, or the reader of the timeline
  Direction direction = Direction::older;
  Id cursor = 0;
  int limit = 0;
  long long offset = 0;  // only for Direction::older
};

// The statement each list runs on each backend, and its parameters for one query in
// placeholder order: exposed so that tests EXPLAIN exactly what the site runs. The two
// dialects differ where MariaDB needs another shape to read only one page (see
// docs/query-plans.md); SQLite's statements hold the subject (once for `author`, twice for
// `timeline`), the cursor, the limit, and for `older` the offset.
const std::string& list_sql(Dialect dialect, Scope scope, Direction direction);
std::vector<long long> list_parameters(Dialect dialect, const ListQuery& query);

// One query; the rows come back newest first whatever the direction.
std::vector<PostRow> list(soci::session& sql, const ListQuery& query);

Id insert(soci::session& sql, const NewPost& post);

}  // namespace posts
}  // namespace microblog::db

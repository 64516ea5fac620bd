#pragma once

#include <limits>
#include <optional>
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

// An older page asked from above every id (`cursor` = kAboveAll) with an offset is a numbered
// page (`?page=N`): explore serves it by position (see migrations/sqlite/0003_post_position.sql)
// rather than by skipping `offset` rows.
constexpr Id kAboveAll = std::numeric_limits<Id>::max();

// The statement list() runs for `query` on `dialect`, and its parameters in placeholder order:
// exposed so that tests EXPLAIN exactly what the site runs. The dialects differ where MariaDB
// needs another shape to read only one page (docs/query-plans.md).
const std::string& list_sql(Dialect dialect, const ListQuery& query);
std::vector<long long> list_parameters(Dialect dialect, const ListQuery& query);

// One query; the rows come back newest first whatever the direction.
std::vector<PostRow> list(soci::session& sql, const ListQuery& query);

// Binds a statement's columns, in PostRow's order (id, user_id, body, language, created_us,
// author_username, author_email), to `row`: every query that reads post lists selects them so.
void exchange_post_row(soci::statement& st, PostRow& row);

// Gives the post the next position; call inside a write transaction, which then holds the
// position counter's row until it ends, so that positions follow ids with no gap. Raises the
// content version and writes the post's search index row (search_repository.hpp).
Id insert(soci::session& sql, const NewPost& post);

// Who wrote the post, if it exists.
std::optional<Id> author_of(soci::session& sql, Id post_id);

// Deletes the post if `author_id` wrote it; false when there is no such post of theirs. Inside
// a write transaction, after the author's post count was lowered: raises the content version
// (the author's lists and their followers' timelines) and records the deletion for the windows
// of recent posts. Its search index row and translations go with it (foreign keys).
bool remove(soci::session& sql, Id post_id, Id author_id);

// Posts deleted since content version `version`.
std::vector<Id> deleted_since(soci::session& sql, long long version);

}  // namespace posts
}  // namespace microblog::db

#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "db/database.hpp"
#include "db/database_url.hpp"
#include "db/post_repository.hpp"

// The full-text index of posts (migrations/*/0005_post_search.sql): table post_search holds the
// tokens src/search makes of a post's body, an FTS5 table on SQLite; on MariaDB a plain table
// from which triggers derive post_token, one row per (token, post), which searches read
// (docs/search.md).
namespace microblog::db::post_search {

// Writes the index row of a post that has none yet: call in the transaction that inserts the
// post (posts::insert does), so that a post is never committed without it.
void add(soci::session& sql, Id post_id, std::string_view body);

// MariaDB stopped the search at its time limit (SearchQuery::max_seconds).
class SearchTooSlow : public std::runtime_error {
 public:
  SearchTooSlow() : std::runtime_error("the search ran past its time limit") {}
};

struct SearchQuery {
  std::vector<std::string> tokens;  // search::tokens() of the query; at least one
  posts::Direction direction = posts::Direction::older;
  Id cursor = posts::kAboveAll;
  int limit = 0;
  long long offset = 0;  // only for Direction::older
  // MariaDB only, 0 for none: the statement's max_statement_time, past which search() throws
  // SearchTooSlow. A safety net: the walk of the rarest token's list stops when the page is
  // full, but two common words that (almost) never meet walk all of it: 1.1 s for a word in half
  // of 1M posts (docs/search.md). SQLite's FTS5 has the same worst case and no such limit.
  double max_seconds = 0;
};

// What FTS5 is asked to match: every token ("t1" "t2"). Bound as a parameter, never spliced
// into SQL; the tokens are [a-z0-9] anyway.
std::string match_expression(const std::vector<std::string>& tokens);
// The statement search() runs for that many tokens (for EXPLAIN in docs); on MariaDB its
// placeholders :t0 (the token walked: the rarest) .. :tN-1 are the tokens.
std::string search_sql(Dialect dialect, posts::Direction direction, std::size_t tokens);

// The posts that hold every token, newest first, one page of them: as posts::list, one query.
std::vector<PostRow> search(soci::session& sql, const SearchQuery& query);

struct BatchResult {
  Id last_id = 0;         // the highest post id the batch went through (the next `after`)
  std::size_t posts = 0;  // index rows written
  bool finished = false;  // no post above last_id is left to look at
};

// Rewrites the index rows of the `limit` posts after id `after` (in id order) from their bodies,
// in one transaction of its own: the rebuild of `microblog search reindex`.
BatchResult reindex_batch(Connection& conn, Id after, int limit);

// Writes the index rows of posts above `after` that have none (posts from before the migration,
// or written by an older release during a deploy), at most `limit` of them, in one transaction.
BatchResult index_missing_batch(Connection& conn, Id after, int limit);

// Posts in the database and posts that have an index row: for progress and summaries.
long long count_posts(Connection& conn);
long long count_indexed(Connection& conn);

}  // namespace microblog::db::post_search

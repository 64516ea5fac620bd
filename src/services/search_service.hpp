#pragma once

#include <functional>
#include <string_view>

#include "services/pagination.hpp"
#include "services/post_service.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct SearchResult {
  // What the query asked, as the page should say it.
  enum class Outcome {
    no_words,  // nothing searchable in it (empty, or only punctuation): no query was run
    searched,  // `page` holds the matching posts (perhaps none)
    too_slow,  // the database gave up at the time limit (MariaDB, common words that seldom meet)
  };
  Outcome outcome = Outcome::no_words;
  PostPage page;
};

// Where a pass over the index stands. Posts are gone through in id order.
struct IndexProgress {
  long long total = 0;    // posts in the database when the pass began
  long long written = 0;  // index rows written so far
  Id last_id = 0;         // the highest post id gone through
};
using IndexProgressFn = std::function<void(const IndexProgress&)>;

// Full-text search over posts (docs/search.md): every word of the query must be in a post, case
// and accents ignored, newest first, on SQLite and MariaDB alike.
class SearchService {
 public:
  // The longest a search may run on MariaDB before it is given up (Outcome::too_slow): above
  // the 1.1 s the worst walk takes at 1M posts (docs/search.md), for larger databases.
  static constexpr double kMaxSearchSeconds = 2.0;

  SearchService(db::Database& db, int posts_per_page, double max_seconds = kMaxSearchSeconds);

  // One page of the posts that hold every word of `query`. A query without words, or with more
  // distinct words than a post can hold, runs no database query.
  SearchResult search(std::string_view query, const PageRequest& page);

  // Rewrites every post's index row from its body, in batches of `batch_size` posts, each its
  // own transaction (the site keeps serving and posting meanwhile). Calls `progress` after each
  // batch. Returns the final count.
  IndexProgress reindex(int batch_size, const IndexProgressFn& progress);

  // Writes the index rows of posts that have none: posts from before the search migration, or
  // written by an older release during a deploy. Cheap when there are none to write.
  IndexProgress index_missing(int batch_size, const IndexProgressFn& progress);

  int posts_per_page() const { return per_page_; }

 private:
  db::Database& db_;
  int per_page_;
  double max_seconds_;
};

}  // namespace microblog::services

#include "services/search_service.hpp"

#include "db/database.hpp"
#include "db/search_repository.hpp"
#include "search/text.hpp"
#include "services/post_validation.hpp"
#include "services/view_mapping.hpp"

namespace microblog::services {
namespace {

// A post of kMaxPostLength code points holds at most this many distinct words (one letter
// each, one separator between them): a query with more cannot match any post.
constexpr std::size_t kMaxWordsInAPost = (kMaxPostLength + 1) / 2;

template <typename Batch>
IndexProgress run_batches(db::Database& database, int batch_size, const IndexProgressFn& progress,
                          Batch&& batch) {
  IndexProgress state;
  {
    auto conn = database.connect();
    state.total = db::post_search::count_posts(conn);
  }
  Id after = 0;
  for (;;) {
    auto conn = database.connect();
    const auto r = batch(conn, after, batch_size);
    state.written += static_cast<long long>(r.posts);
    after = r.last_id;
    state.last_id = after;
    if (progress) {
      progress(state);
    }
    if (r.finished) {
      return state;
    }
  }
}

}  // namespace

SearchService::SearchService(db::Database& db, int posts_per_page, double max_seconds)
    : db_(db), per_page_(posts_per_page), max_seconds_(max_seconds) {}

SearchResult SearchService::search(std::string_view query, const PageRequest& page) {
  SearchResult result;
  auto tokens = search::tokens(query);
  if (tokens.empty()) {
    return result;
  }
  result.outcome = SearchResult::Outcome::searched;
  if (tokens.size() > kMaxWordsInAPost) {
    return result;  // no post can hold them all
  }
  auto conn = db_.connect();
  try {
    result.page = paginate<PostView>(page, per_page_, [&](const Slice& s) {
      db::post_search::SearchQuery q;
      q.tokens = tokens;
      q.direction = s.older ? db::posts::Direction::older : db::posts::Direction::newer;
      q.cursor = s.cursor;
      q.limit = s.limit;
      q.offset = s.offset;
      q.max_seconds = max_seconds_;
      return to_views(db::post_search::search(conn.sql(), q), &to_view);
    });
  } catch (const db::post_search::SearchTooSlow&) {
    result.outcome = SearchResult::Outcome::too_slow;
  }
  return result;
}

IndexProgress SearchService::reindex(int batch_size, const IndexProgressFn& progress) {
  return run_batches(db_, batch_size, progress, [](db::Connection& conn, Id after, int n) {
    return db::post_search::reindex_batch(conn, after, n);
  });
}

IndexProgress SearchService::index_missing(int batch_size, const IndexProgressFn& progress) {
  return run_batches(db_, batch_size, progress, [](db::Connection& conn, Id after, int n) {
    return db::post_search::index_missing_batch(conn, after, n);
  });
}

}  // namespace microblog::services

#pragma once

#include <functional>

#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct FeedProgress {
  long long built = 0;  // feeds built so far
  Id last_user = 0;     // the highest user id gone through
};
using FeedProgressFn = std::function<void(const FeedProgress&)>;

// Builds the home feed of every user who has none (accounts from before the feed's migration),
// one transaction per user, `batch_size` users looked up at a time, while the site runs; until
// then those users' home pages come from the timeline query. Calls `progress` after each batch.
FeedProgress build_missing_feeds(db::Database& db, int batch_size, const FeedProgressFn& progress);

// Trims every feed grown past its bound by the margin (db::home_feed::kBound, kTrimMargin), one
// transaction per feed trimmed; returns how many entries went.
long long trim_feeds(db::Database& db, int batch_size);

}  // namespace microblog::services

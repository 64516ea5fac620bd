#include "services/home_feed_service.hpp"

#include "db/database.hpp"
#include "db/home_feed_repository.hpp"

namespace microblog::services {

FeedProgress build_missing_feeds(db::Database& db, int batch_size, const FeedProgressFn& progress) {
  FeedProgress done;
  auto conn = db.connect();
  for (;;) {
    const auto users = db::home_feed::readers(conn.sql(), false, done.last_user, batch_size);
    if (users.empty()) {
      return done;
    }
    for (const Id user : users) {
      db::Transaction tx(conn);
      if (db::home_feed::build(conn.sql(), user, db::home_feed::kBound, util::now_micros())) {
        ++done.built;
      }
      tx.commit();
      done.last_user = user;
    }
    progress(done);
  }
}

long long trim_feeds(db::Database& db, int batch_size) {
  long long removed = 0;
  Id after = 0;
  auto conn = db.connect();
  for (;;) {
    const auto users = db::home_feed::readers(conn.sql(), true, after, batch_size);
    if (users.empty()) {
      return removed;
    }
    for (const Id user : users) {
      db::Transaction tx(conn);
      removed += db::home_feed::trim_if_over(conn.sql(), user, db::home_feed::kBound,
                                             db::home_feed::kTrimMargin);
      tx.commit();
      after = user;
    }
  }
}

}  // namespace microblog::services

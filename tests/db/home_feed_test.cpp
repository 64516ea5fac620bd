// Home feeds (db::home_feed, migrations/*/0008_home_feed.sql) on both backends: fan-out on post,
// follows and unfollows, trimming and the fall-back to the timeline query, each checked against
// the timeline query itself (db::posts::list), which post_list_test.cpp checks against a model.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "db/follow_repository.hpp"
#include "db/home_feed_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/follow_service.hpp"
#include "services/home_feed_service.hpp"
#include "services/pagination.hpp"
#include "services/post_service.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

using db::posts::Direction;
using db::posts::ListQuery;
using db::posts::Scope;
using services::PageRequest;
using Kind = PageRequest::Kind;

constexpr int kPerPage = 5;

class HomeFeedTest : public ::testing::TestWithParam<std::string> {
 protected:
  HomeFeedTest()
      : database_(GetParam()),
        posts_(database_.db(), kPerPage, {100000, util::seconds(60)}),
        follows_(database_.db(), 25, {100000, util::seconds(60)}) {}

  // A user with no feed, as accounts from before the migration are.
  Id user(const std::string& name) {
    auto conn = database_.db().connect();
    const Id id = db::users::insert(conn.sql(), {name, name + "@example.com", "x", "", 1});
    names_.emplace_back(id, name);
    return id;
  }

  std::string name_of(Id id) const {
    for (const auto& [i, n] : names_) {
      if (i == id) {
        return n;
      }
    }
    return "";
  }

  void build(Id reader, int bound = db::home_feed::kBound) {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    ASSERT_TRUE(db::home_feed::build(conn.sql(), reader, bound, 1));
    tx.commit();
  }

  Id post(Id author) {
    const auto r = posts_.create(author, "a post by " + name_of(author));
    EXPECT_TRUE(r.errors.empty());
    EXPECT_GT(r.post_id, 0);
    return r.post_id;
  }

  void follow(Id follower, Id followed) {
    EXPECT_EQ(follows_.follow(follower, name_of(followed)).kind,
              services::FollowResult::Kind::done);
  }
  void unfollow(Id follower, Id followed) {
    EXPECT_EQ(follows_.unfollow(follower, name_of(followed)).kind,
              services::FollowResult::Kind::done);
  }

  // The ids in the reader's feed table, newest first.
  std::vector<Id> feed(Id reader) {
    auto conn = database_.db().connect();
    std::vector<Id> out;
    Id id = 0;
    soci::statement st = (conn.sql().prepare << "SELECT post_id FROM home_feed WHERE user_id = "
                                                ":u ORDER BY post_id DESC",
                          soci::use(reader), soci::into(id));
    st.execute();
    while (st.fetch()) {
      out.push_back(id);
    }
    return out;
  }

  std::optional<Id> complete_from(Id reader) {
    auto conn = database_.db().connect();
    return db::home_feed::complete_from(conn.sql(), reader);
  }

  // The whole timeline by the query, newest first.
  std::vector<Id> query_timeline(Id reader) {
    auto conn = database_.db().connect();
    std::vector<Id> out;
    for (const auto& row : db::posts::list(conn.sql(), {Scope::timeline, reader, Direction::older,
                                                        db::posts::kAboveAll, 1000000, 0})) {
      out.push_back(row.id);
    }
    return out;
  }

  struct Seen {
    std::vector<Id> ids;
    std::optional<Id> newer_after;
    std::optional<Id> older_before;
    bool operator==(const Seen&) const = default;
  };

  // A page as the site serves it (feed or query, PostService decides) ...
  Seen served(Id reader, const PageRequest& req) {
    const auto page = posts_.timeline(reader, req);
    Seen s{{}, page.newer_after, page.older_before};
    for (const auto& row : page.rows) {
      s.ids.push_back(row.id);
      EXPECT_EQ(row.author_username, name_of(row.author_id));
      EXPECT_EQ(row.body, "a post by " + name_of(row.author_id));
    }
    return s;
  }

  // ... and the same page from the timeline query alone.
  Seen by_query(Id reader, const PageRequest& req) {
    auto conn = database_.db().connect();
    const auto page = services::paginate<db::PostRow>(req, kPerPage, [&](const services::Slice& s) {
      return db::posts::list(
          conn.sql(), {Scope::timeline, reader, s.older ? Direction::older : Direction::newer,
                       s.cursor, s.limit, s.offset});
    });
    Seen s{{}, page.newer_after, page.older_before};
    for (const auto& row : page.rows) {
      s.ids.push_back(row.id);
    }
    return s;
  }

  // Every page of the reader's timeline, walked older from the top, newer from the bottom, by
  // number, and from cursors at and around each post, served equals the query's.
  int expect_same_pages(Id reader) {
    int compared = 0;
    const auto compare = [&](const PageRequest& req) {
      EXPECT_EQ(served(reader, req), by_query(reader, req))
          << "reader " << name_of(reader) << " kind " << static_cast<int>(req.kind) << " value "
          << req.value;
      ++compared;
    };
    PageRequest req;
    for (;;) {
      compare(req);
      const auto page = by_query(reader, req);
      if (!page.older_before) {
        break;
      }
      req = {Kind::before, *page.older_before};
    }
    req = {Kind::after, 0};
    for (;;) {
      compare(req);
      const auto page = by_query(reader, req);
      if (!page.newer_after) {
        break;
      }
      req = {Kind::after, *page.newer_after};
    }
    const auto all = query_timeline(reader);
    for (long long n = 1; n <= static_cast<long long>(all.size()) / kPerPage + 2; ++n) {
      compare({Kind::number, n});
    }
    for (std::size_t i = 0; i < all.size(); i += 3) {
      for (const Id c : {all[i] - 1, all[i], all[i] + 1}) {
        compare({Kind::before, c});
        compare({Kind::after, c});
      }
    }
    return compared;
  }

  TestDatabase database_;
  services::PostService posts_;
  services::FollowService follows_;
  std::vector<std::pair<Id, std::string>> names_;
};

TEST_P(HomeFeedTest, APostIsAtOnceInEachFollowersFeedAndNotInOthers) {
  const Id author = user("author");
  const Id fan1 = user("fan1");
  const Id fan2 = user("fan2");
  const Id stranger = user("stranger");
  for (const Id u : {author, fan1, fan2, stranger}) {
    build(u);
  }
  follow(fan1, author);
  follow(fan2, author);
  follow(author, stranger);  // the author's follows do not matter to whom the post goes
  const Id p = post(author);
  for (const Id u : {author, fan1, fan2}) {
    EXPECT_EQ(feed(u), std::vector<Id>{p}) << name_of(u);
    EXPECT_EQ(served(u, {}).ids, std::vector<Id>{p}) << name_of(u);
  }
  EXPECT_TRUE(feed(stranger).empty());
  EXPECT_TRUE(served(stranger, {}).ids.empty());
}

TEST_P(HomeFeedTest, FollowAddsTheFollowedUsersPostsAndUnfollowRemovesThem) {
  const Id reader = user("reader");
  const Id author = user("author");
  const Id other = user("other");
  build(reader);
  const Id own = post(reader);
  std::vector<Id> by_author;
  for (int i = 0; i < 7; ++i) {
    by_author.push_back(post(author));
    post(other);
  }
  ASSERT_EQ(feed(reader), std::vector<Id>{own});
  follow(reader, author);
  std::vector<Id> expected = by_author;
  expected.push_back(own);
  std::sort(expected.rbegin(), expected.rend());
  EXPECT_EQ(feed(reader), expected);
  EXPECT_EQ(query_timeline(reader), expected);
  EXPECT_EQ(served(reader, {}), by_query(reader, {}));
  unfollow(reader, author);
  EXPECT_EQ(feed(reader), std::vector<Id>{own});
  EXPECT_EQ(served(reader, {}).ids, std::vector<Id>{own});
}

// A followed user who wrote more than the feed holds: their newest `bound` posts go in, and the
// feed is complete only from the oldest of them, below which pages come from the query.
TEST_P(HomeFeedTest, FollowingAProlificUserRaisesWhereTheFeedIsComplete) {
  const Id reader = user("reader");
  const Id author = user("author");
  std::vector<Id> by_author;
  for (int i = 0; i < db::home_feed::kBound + 3; ++i) {
    by_author.push_back(post(author));
  }
  build(reader);
  follow(reader, author);
  std::sort(by_author.rbegin(), by_author.rend());
  by_author.resize(db::home_feed::kBound);
  EXPECT_EQ(feed(reader), by_author);
  EXPECT_EQ(complete_from(reader), by_author.back());
  for (const PageRequest& req :
       {PageRequest{}, PageRequest{Kind::number, db::home_feed::kBound / kPerPage},
        PageRequest{Kind::number, db::home_feed::kBound / kPerPage + 1},
        PageRequest{Kind::before, by_author.back() + 1}, PageRequest{Kind::after, 0}}) {
    EXPECT_EQ(served(reader, req), by_query(reader, req)) << static_cast<int>(req.kind);
  }
}

TEST_P(HomeFeedTest, TrimmingKeepsTheNewestEntries) {
  const Id reader = user("reader");
  const Id author = user("author");
  build(reader);
  follow(reader, author);
  for (int i = 0; i < 40; ++i) {
    post(author);
  }
  const auto before = feed(reader);
  ASSERT_EQ(before.size(), 40U);
  auto conn = database_.db().connect();
  {
    db::Transaction tx(conn);
    EXPECT_EQ(db::home_feed::trim_if_over(conn.sql(), reader, 10, 30), 0);  // 40 <= 10 + 30
    EXPECT_EQ(db::home_feed::trim_if_over(conn.sql(), reader, 10, 29), 30);
    tx.commit();
  }
  const std::vector<Id> newest(before.begin(), before.begin() + 10);
  EXPECT_EQ(feed(reader), newest);
  EXPECT_EQ(complete_from(reader), newest.back());
  EXPECT_GT(expect_same_pages(reader), 40);
}

TEST_P(HomeFeedTest, AUserWithoutAFeedGetsTheTimelineFromTheQuery) {
  const Id reader = user("reader");
  const Id author = user("author");
  follow(reader, author);
  for (int i = 0; i < 12; ++i) {
    post(i % 3 == 0 ? reader : author);
  }
  EXPECT_FALSE(complete_from(reader));
  EXPECT_TRUE(feed(reader).empty());
  EXPECT_EQ(served(reader, {}).ids.size(), static_cast<std::size_t>(kPerPage));
  EXPECT_GT(expect_same_pages(reader), 12);
  // Building it (as `db upgrade` does) gives the same pages from the feed.
  const auto done = services::build_missing_feeds(database_.db(), 1, [](const auto&) {});
  EXPECT_EQ(done.built, 2);
  EXPECT_EQ(complete_from(reader), 0);
  EXPECT_EQ(feed(reader), query_timeline(reader));
  EXPECT_GT(expect_same_pages(reader), 12);
  EXPECT_EQ(services::build_missing_feeds(database_.db(), 10, [](const auto&) {}).built, 0);
}

// Random users, follows and posts; feeds built at different moments and bounds, then more posts,
// follows, unfollows and trims: every page every reader is served is the query's.
TEST_P(HomeFeedTest, EveryPageMatchesTheQueryForRandomData) {
  std::uint32_t state = 2026;
  const auto next = [&state](std::uint32_t n) {
    state = state * 1103515245U + 12345U;
    return (state >> 16U) % n;
  };
  constexpr int kUsers = 9;
  std::vector<Id> users;
  for (int i = 0; i < kUsers; ++i) {
    users.push_back(user("u" + std::to_string(i)));
  }
  std::set<std::pair<Id, Id>> following;
  const auto toggle_follow = [&](Id a, Id b) {
    if (a == b) {
      return;
    }
    if (following.erase({a, b}) > 0) {
      unfollow(a, b);
    } else {
      following.insert({a, b});
      follow(a, b);
    }
  };
  for (int i = 0; i < 20; ++i) {
    toggle_follow(users[next(kUsers)], users[next(kUsers)]);
  }
  for (int i = 0; i < 60; ++i) {
    post(users[next(kUsers)]);
  }
  // Three without a feed, three with a small bound (complete from somewhere), three whole.
  for (int i = 3; i < kUsers; ++i) {
    build(users[static_cast<std::size_t>(i)], i < 6 ? 7 : db::home_feed::kBound);
  }
  for (int i = 0; i < 80; ++i) {
    const auto what = next(10);
    if (what < 7) {
      post(users[next(kUsers)]);
    } else if (what < 9) {
      toggle_follow(users[next(kUsers)], users[next(kUsers)]);
    } else {
      auto conn = database_.db().connect();
      db::Transaction tx(conn);
      db::home_feed::trim_if_over(conn.sql(), users[next(kUsers)], 9, 2);
      tx.commit();
    }
  }
  int compared = 0;
  int served_from_feed = 0;
  for (const Id u : users) {
    compared += expect_same_pages(u);
    // The feed really serves: a full first page straight from it, for the readers with one.
    auto conn = database_.db().connect();
    const ListQuery first{Scope::timeline, u, Direction::older, db::posts::kAboveAll, kPerPage, 0};
    if (complete_from(u) && std::ssize(db::home_feed::page(conn.sql(), first)) == kPerPage) {
      ++served_from_feed;
    }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_GE(served_from_feed, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, HomeFeedTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

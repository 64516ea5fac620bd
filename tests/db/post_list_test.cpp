// db::posts::list against a model: every scope, direction, cursor, limit and offset returns
// exactly the posts a plain filter-and-sort of the inserted rows gives, on both backends (the
// two dialects run different SQL for the same lists). And the home timeline's cost does not grow
// with the number of posts the followed users have written.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "db/follow_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/post_service.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

using db::posts::Direction;
using db::posts::ListQuery;
using db::posts::Scope;

constexpr Id kAbove = db::posts::kAboveAll;

class PostListTest : public ::testing::TestWithParam<std::string> {
 protected:
  PostListTest() : database_(GetParam()) {}

  bool sqlite() const { return GetParam() == "sqlite"; }
  db::Dialect dialect() const { return sqlite() ? db::Dialect::sqlite : db::Dialect::mysql; }

  Id user(soci::session& sql, const std::string& name) {
    const Id id = db::users::insert(sql, {name, name + "@example.com", "x", "", 1});
    authors_[id] = name;
    return id;
  }

  void follow(soci::session& sql, Id follower, Id followed) {
    db::follows::insert(sql, follower, followed, 1);
    follows_.insert({follower, followed});
  }

  // Posts in an interleaved order: on each turn every author whose share allows it writes one,
  // so that ids of different authors alternate irregularly, as on a real site.
  void write(soci::session& sql, const std::vector<std::pair<Id, int>>& shares) {
    std::map<Id, int> left;
    for (const auto& [author, n] : shares) {
      left[author] = n;
    }
    std::uint32_t state = 12345;
    bool any = true;
    while (any) {
      any = false;
      for (auto& [author, n] : left) {
        state = state * 1103515245U + 12345U;
        if (n > 0 && (state >> 16U) % 3 != 0) {
          const Id id = db::posts::insert(sql, {author, "post by " + authors_[author], "en", 1});
          posts_.push_back({id, author});
          --n;
        }
        any = any || n > 0;
      }
    }
  }

  // The model: the ids of a scope, newest first.
  std::vector<Id> expected_scope(Scope scope, Id subject) const {
    std::vector<Id> out;
    for (const auto& p : posts_) {
      const bool in = scope == Scope::everyone || p.author == subject ||
                      (scope == Scope::timeline && follows_.count({subject, p.author}) > 0);
      if (in) {
        out.push_back(p.id);
      }
    }
    std::sort(out.rbegin(), out.rend());
    return out;
  }

  static std::vector<Id> expected_page(const std::vector<Id>& scope, const ListQuery& q) {
    std::vector<Id> out;
    if (q.direction == Direction::older) {
      long long skip = q.offset;
      for (const Id id : scope) {  // newest first
        if (id < q.cursor && skip-- <= 0 && std::ssize(out) < q.limit) {
          out.push_back(id);
        }
      }
    } else {
      for (auto it = scope.rbegin(); it != scope.rend(); ++it) {  // oldest first
        if (*it > q.cursor && std::ssize(out) < q.limit) {
          out.push_back(*it);
        }
      }
      std::sort(out.rbegin(), out.rend());
    }
    return out;
  }

  std::vector<Id> listed(soci::session& sql, const ListQuery& q) {
    std::vector<Id> out;
    for (const auto& row : db::posts::list(sql, q)) {
      out.push_back(row.id);
      EXPECT_EQ(row.author_username, authors_[row.user_id]);
      EXPECT_EQ(row.author_email, authors_[row.user_id] + "@example.com");
      EXPECT_EQ(row.body, "post by " + authors_[row.user_id]);
    }
    return out;
  }

  struct Post {
    Id id;
    Id author;
  };
  TestDatabase database_;
  std::map<Id, std::string> authors_;
  std::set<std::pair<Id, Id>> follows_;
  std::vector<Post> posts_;
};

TEST_P(PostListTest, EveryPageMatchesTheModel) {
  auto conn = database_.db().connect();
  auto& sql = conn.sql();
  Id reader = 0;
  Id busy = 0;
  Id loner = 0;
  Id silent = 0;
  {
    db::Transaction tx(conn);
    reader = user(sql, "reader");
    busy = user(sql, "busy");             // followed, writes most
    const Id quiet = user(sql, "quiet");  // followed, three posts
    const Id medium = user(sql, "medium");
    const Id stranger = user(sql, "stranger");  // not followed
    silent = user(sql, "silent");               // followed, never posts
    loner = user(sql, "loner");                 // follows nobody
    follow(sql, reader, busy);
    follow(sql, reader, quiet);
    follow(sql, reader, medium);
    follow(sql, reader, silent);
    follow(sql, loner, silent);
    follow(sql, stranger, reader);
    write(sql, {{busy, 90}, {quiet, 3}, {medium, 30}, {reader, 20}, {stranger, 40}, {loner, 4}});
    tx.commit();
  }
  const Id newest = posts_.back().id;

  struct Subject {
    Scope scope;
    Id id;
  };
  const Subject subjects[] = {{Scope::everyone, 0},     {Scope::author, busy},
                              {Scope::author, silent},  {Scope::timeline, reader},
                              {Scope::timeline, loner}, {Scope::timeline, silent},
                              {Scope::timeline, busy}};
  std::vector<Id> cursors = {0, 1, newest, newest + 1, kAbove};
  for (std::size_t i = 0; i < posts_.size(); i += 7) {
    cursors.push_back(posts_[i].id);
    cursors.push_back(posts_[i].id + 1);
  }
  int compared = 0;
  for (const auto& s : subjects) {
    const auto scope = expected_scope(s.scope, s.id);
    for (const int limit : {1, 5, 26}) {
      for (const Id cursor : cursors) {
        for (const auto direction : {Direction::older, Direction::newer}) {
          const ListQuery q{s.scope, s.id, direction, cursor, limit, 0};
          ASSERT_EQ(listed(sql, q), expected_page(scope, q))
              << "scope " << static_cast<int>(s.scope) << " subject " << s.id << " cursor "
              << cursor << " limit " << limit << " older " << (direction == Direction::older);
          ++compared;
        }
      }
      // Numbered pages (an offset from above every post, by position on explore) up to past
      // the end, and offsets from a cursor (by skipping).
      for (const Id cursor : {kAbove, posts_[posts_.size() / 2].id}) {
        for (const long long offset : {1, 2, 5, 25, 26, 27, 89, 90, 140, 143, 500}) {
          const ListQuery q{s.scope, s.id, Direction::older, cursor, limit, offset};
          ASSERT_EQ(listed(sql, q), expected_page(scope, q))
              << "scope " << static_cast<int>(s.scope) << " subject " << s.id << " cursor "
              << cursor << " offset " << offset << " limit " << limit;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

// How much work one execution of a list statement does: MariaDB's handler reads (index and
// row reads of every table the statement touches), SQLite's virtual machine steps.
class WorkMeter {
 public:
  WorkMeter(soci::session& sql, bool sqlite) : sql_(sql), sqlite_(sqlite) {
    if (!sqlite_) {
      // Reading the counters reads a few rows itself: measured here and taken off.
      const long long a = handler_reads();
      overhead_ = handler_reads() - a;
    }
  }

  long long run(db::Dialect dialect, const ListQuery& q) {
    const std::vector<long long> parameters = db::posts::list_parameters(dialect, q);
    const long long before = sqlite_ ? 0 : handler_reads();
    Id id = 0;
    Id user_id = 0;
    std::string body;
    std::string language;
    long long created = 0;
    std::string username;
    std::string email;
    soci::statement st(sql_);
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(body));
    st.exchange(soci::into(language));
    st.exchange(soci::into(created));
    st.exchange(soci::into(username));
    st.exchange(soci::into(email));
    for (const long long& value : parameters) {
      st.exchange(soci::use(value));
    }
    st.alloc();
    st.prepare(db::posts::list_sql(dialect, q));
    st.define_and_bind();
    st.execute();
    int rows = 0;
    while (st.fetch()) {
      ++rows;
    }
    rows_ = rows;
    if (sqlite_) {
      auto* backend = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
      return sqlite_api::sqlite3_stmt_status(backend->stmt_, SQLITE_STMTSTATUS_VM_STEP, 0);
    }
    return handler_reads() - before - overhead_;
  }

  int rows() const { return rows_; }

 private:
  long long handler_reads() {
    std::string name;
    std::string value;
    long long sum = 0;
    soci::statement st = (sql_.prepare << "SHOW SESSION STATUS LIKE 'Handler_read%'",
                          soci::into(name), soci::into(value));
    st.execute();
    while (st.fetch()) {
      sum += std::stoll(value);
    }
    return sum;
  }

  soci::session& sql_;
  bool sqlite_;
  long long overhead_ = 0;
  int rows_ = 0;
};

TEST_P(PostListTest, TimelineWorkDoesNotGrowWithTheFollowedUsersPosts) {
  auto conn = database_.db().connect();
  auto& sql = conn.sql();
  // Two readers who each follow five users: a few dozen posts each, or ten times as many.
  Id few_reader = 0;
  Id many_reader = 0;
  {
    db::Transaction tx(conn);
    few_reader = user(sql, "few_reader");
    many_reader = user(sql, "many_reader");
    std::vector<std::pair<Id, int>> shares;
    for (int i = 0; i < 5; ++i) {
      const Id few = user(sql, "few" + std::to_string(i));
      const Id many = user(sql, "many" + std::to_string(i));
      follow(sql, few_reader, few);
      follow(sql, many_reader, many);
      shares.push_back({few, 40});
      shares.push_back({many, 400});
    }
    write(sql, shares);
    tx.commit();
  }
  if (!sqlite()) {
    analyze_mysql_tables(sql);
  }
  WorkMeter meter(sql, sqlite());
  const auto first_page = [](Id reader) {
    return ListQuery{Scope::timeline, reader, Direction::older, kAbove, 26, 0};
  };
  const long long few = meter.run(dialect(), first_page(few_reader));
  EXPECT_EQ(meter.rows(), 26);
  const long long many = meter.run(dialect(), first_page(many_reader));
  EXPECT_EQ(meter.rows(), 26);
  std::cout << GetParam() << ": first timeline page, work with 40 posts per followed user " << few
            << ", with 400 " << many << "\n";
  // Reading every followed post would cost about ten times as much for the second reader.
  EXPECT_GT(few, 0);
  EXPECT_LT(static_cast<double>(many), 1.5 * static_cast<double>(few));
  // The newer direction too, from the oldest post.
  const auto from_start = [](Id reader) {
    return ListQuery{Scope::timeline, reader, Direction::newer, 0, 26, 0};
  };
  const long long few_newer = meter.run(dialect(), from_start(few_reader));
  const long long many_newer = meter.run(dialect(), from_start(many_reader));
  EXPECT_EQ(meter.rows(), 26);
  EXPECT_LT(static_cast<double>(many_newer), 1.5 * static_cast<double>(few_newer));
}

// Positions number posts in id order with no gap or repeat, also when posts are written at
// the same time on several connections (each in PostService::create's transaction).
TEST_P(PostListTest, ConcurrentPostsGetConsecutivePositionsInIdOrder) {
  std::vector<Id> writers;
  {
    auto conn = database_.db().connect();
    for (int i = 0; i < 4; ++i) {
      writers.push_back(user(conn.sql(), "writer" + std::to_string(i)));
    }
  }
  services::PostService service(database_.db(), 25, {1000, util::seconds(60)});
  constexpr int kEach = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (const Id writer : writers) {
    threads.emplace_back([&, writer] {
      for (int k = 0; k < kEach; ++k) {
        try {
          if (!service.create(writer, "hello number " + std::to_string(k)).errors.empty()) {
            ++failures;
          }
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  auto conn = database_.db().connect();
  Id id = 0;
  long long position = 0;
  soci::statement st = (conn.sql().prepare << "SELECT id, position FROM post ORDER BY id",
                        soci::into(id), soci::into(position));
  st.execute();
  long long expected = 0;
  while (st.fetch()) {
    EXPECT_EQ(position, ++expected) << "post " << id;
  }
  EXPECT_EQ(expected, 4 * kEach);
  long long last = 0;
  conn.sql() << "SELECT last_position FROM post_sequence WHERE id = 1", soci::into(last);
  EXPECT_EQ(last, 4 * kEach);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostListTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

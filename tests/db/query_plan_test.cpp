// Every list query, EXPLAINed on both backends through the very SQL the repositories run
// (db::posts::list_sql, db::follows::list_sql): each reads its page through an index, never a
// full scan of post, follow or user, and sorts only where several authors' posts must be
// merged (the home timeline). Run this binary with --gtest_filter='*QueryPlan*' to see the
// plans; docs/query-plans.md holds a capture.
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "db/follow_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "support/test_database.hpp"
#include "util/text.hpp"

namespace microblog::testing {
namespace {

struct Plan {
  std::vector<std::string> lines;  // one line per plan row, columns joined by " | "
  std::string text() const {
    std::string out;
    for (const auto& l : lines) {
      out += l + "\n";
    }
    return out;
  }
};

struct ListCase {
  std::string name;
  const std::string* sql;
  int subjects;  // how many times the subject is bound (0, 1 or 2)
  bool offset;   // whether an OFFSET is bound
  bool merges;   // whether a sort is inherent (the timeline merges several authors)
};

class QueryPlanTest : public ::testing::TestWithParam<std::string> {
 protected:
  QueryPlanTest() : database_(GetParam()) {}

  bool sqlite() const { return GetParam() == "sqlite"; }

  // Enough rows, and fresh statistics, for the optimisers to plan as they would in production.
  void seed() {
    auto conn = database_.db().connect();
    auto& sql = conn.sql();
    constexpr int kUsers = 40;
    for (int i = 1; i <= kUsers; ++i) {
      const std::string name = "user" + std::to_string(i);
      db::users::insert(sql, {name, name + "@example.com", "x", "", 1});
    }
    // 64 x 64 posts: MariaDB stops a recursive CTE after max_recursive_iterations (1000 here).
    sql << "INSERT INTO post (user_id, body, language, created_us) "
           "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 63) "
           "SELECT 1 + (x.n * 64 + y.n) % 40, 'hello world', 'en', x.n * 64 + y.n "
           "FROM s x CROSS JOIN s y";
    for (int i = 1; i <= kUsers; ++i) {
      for (int k = 1; k <= 5; ++k) {
        db::follows::insert(sql, i, 1 + (i + k * 3) % kUsers, 1);
      }
    }
    if (sqlite()) {
      sql << "ANALYZE";
    } else {
      std::string table;
      std::string op;
      std::string type;
      std::string text;
      soci::statement st = (sql.prepare << "ANALYZE TABLE user, post, follow", soci::into(table),
                            soci::into(op), soci::into(type), soci::into(text));
      st.execute();
      while (st.fetch()) {
      }
    }
  }

  Plan explain(const ListCase& c) {
    auto conn = database_.db().connect();
    auto& sql = conn.sql();
    const db::Id subject = 7;
    // The widest ranges: the newest page (older than everything) and the page after the
    // oldest row (newer than nothing), where a poor plan would read the most.
    const bool older = c.name.find("older") != std::string::npos;
    const db::Id cursor = older ? std::numeric_limits<db::Id>::max() : 0;
    const int limit = 26;
    const long long offset = 0;
    soci::statement st(sql);
    Plan plan;
    // SQLite: id, parent, notused, detail. MariaDB: id, select_type, table, type,
    // possible_keys, key, key_len, ref, rows, Extra (NULLs included).
    const std::size_t columns = sqlite() ? 4 : 10;
    std::vector<std::string> values(columns);
    std::vector<soci::indicator> nulls(columns);
    for (std::size_t i = 0; i < columns; ++i) {
      st.exchange(soci::into(values[i], nulls[i]));
    }
    for (int i = 0; i < c.subjects; ++i) {
      st.exchange(soci::use(subject));
    }
    st.exchange(soci::use(cursor));
    st.exchange(soci::use(limit));
    if (c.offset) {
      st.exchange(soci::use(offset));
    }
    st.alloc();
    st.prepare((sqlite() ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + *c.sql);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      std::string line;
      for (std::size_t i = 0; i < columns; ++i) {
        if (sqlite() && (i == 1 || i == 2)) {
          continue;  // parent and notused say nothing about index use
        }
        line += (i == 0 ? "" : " | ") + (nulls[i] == soci::i_null ? "NULL" : values[i]);
      }
      plan.lines.push_back(line);
    }
    return plan;
  }

  static std::vector<ListCase> cases() {
    using db::posts::Direction;
    using db::posts::Scope;
    using FDir = db::follows::Direction;
    using db::follows::Relation;
    return {
        {"explore older", &db::posts::list_sql(Scope::everyone, Direction::older), 0, true, false},
        {"explore newer", &db::posts::list_sql(Scope::everyone, Direction::newer), 0, false, false},
        {"profile older", &db::posts::list_sql(Scope::author, Direction::older), 1, true, false},
        {"profile newer", &db::posts::list_sql(Scope::author, Direction::newer), 1, false, false},
        {"timeline older", &db::posts::list_sql(Scope::timeline, Direction::older), 2, true, true},
        {"timeline newer", &db::posts::list_sql(Scope::timeline, Direction::newer), 2, false, true},
        {"followers older", &db::follows::list_sql(Relation::followers, FDir::older), 1, false,
         false},
        {"followers newer", &db::follows::list_sql(Relation::followers, FDir::newer), 1, false,
         false},
        {"following older", &db::follows::list_sql(Relation::following, FDir::older), 1, false,
         false},
        {"following newer", &db::follows::list_sql(Relation::following, FDir::newer), 1, false,
         false},
    };
  }

  TestDatabase database_;
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// What is wrong with a plan, one message per finding; empty when the plan is fine.
std::vector<std::string> sqlite_problems(const ListCase& c, const Plan& plan) {
  std::vector<std::string> problems;
  bool indexed = false;
  for (const auto& line : plan.lines) {
    const std::string detail = line.substr(line.find(" | ") + 3) + " ";
    // "SCAN p" / "SCAN f" read the at most 26 rows of the derived page; a SCAN of a table is
    // a full scan.
    for (const char* table : {"post", "follow", "user", "u"}) {
      if (contains(detail, std::string("SCAN ") + table + " ")) {
        problems.push_back(std::string("full scan of ") + table);
      }
    }
    if (contains(detail, "USE TEMP B-TREE") && !c.merges) {
      problems.emplace_back("sorts");
    }
    if ((contains(detail, "SEARCH post ") || contains(detail, "SEARCH follow ")) &&
        (contains(detail, "USING INDEX") || contains(detail, "USING COVERING INDEX") ||
         contains(detail, "USING INTEGER PRIMARY KEY") || contains(detail, "USING PRIMARY KEY"))) {
      indexed = true;
    }
  }
  if (!indexed) {
    problems.emplace_back("post/follow not searched through an index");
  }
  if (!contains(plan.text(), "SEARCH u USING INTEGER PRIMARY KEY")) {
    problems.emplace_back("authors not read by primary key");
  }
  return problems;
}

std::vector<std::string> mysql_problems(const ListCase& c, const Plan& plan) {
  std::vector<std::string> problems;
  bool indexed = false;
  for (const auto& line : plan.lines) {
    std::vector<std::string> col;
    std::size_t start = 0;
    for (;;) {
      const auto bar = line.find(" | ", start);
      col.push_back(line.substr(start, bar - start));
      if (bar == std::string::npos) {
        break;
      }
      start = bar + 3;
    }
    if (col.size() != 10) {
      problems.push_back("unexpected EXPLAIN row: " + line);
      continue;
    }
    const std::string& table = col[2];
    const std::string& type = col[3];
    const std::string& key = col[5];
    const std::string& extra = col[9];
    // <derivedN> rows are the materialised page (at most 26 rows) or the followed users.
    const bool base_table = table != "NULL" && table.rfind('<', 0) != 0;
    if (base_table) {
      if (type == "ALL") {
        problems.push_back("full scan of " + table);
      } else if (type == "index") {
        problems.push_back("full index scan of " + table);
      }
      if (key == "NULL") {
        problems.push_back("no index on " + table);
      }
      if (table == "post" || table == "follow") {
        indexed = true;
      }
    }
    if (contains(extra, "filesort") && !c.merges) {
      problems.emplace_back("filesort");
    }
  }
  if (!indexed) {
    problems.emplace_back("post/follow not read");
  }
  return problems;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += s + "; ";
  }
  return out;
}

TEST_P(QueryPlanTest, EveryListQueryReadsItsPageThroughAnIndex) {
  seed();
  for (const auto& c : cases()) {
    const Plan plan = explain(c);
    ASSERT_FALSE(plan.lines.empty()) << c.name;
    std::cout << "== " << GetParam() << ": " << c.name << "\n" << *c.sql << "\n" << plan.text();
    const auto problems = sqlite() ? sqlite_problems(c, plan) : mysql_problems(c, plan);
    EXPECT_TRUE(problems.empty()) << c.name << ": " << joined(problems) << "\n" << plan.text();
  }
}

// The checks can fail: they reject a plain join that reads every post and sorts them all.
TEST_P(QueryPlanTest, TheChecksCatchAFullScan) {
  seed();
  const std::string bad =
      "SELECT post.id, post.user_id, post.body, post.language, post.created_us, user.username, "
      "user.email FROM post JOIN user ON user.id = post.user_id WHERE post.body <> :cursor "
      "ORDER BY post.created_us DESC LIMIT :limit";
  const ListCase c{"bad", &bad, 0, false, false};
  const Plan plan = explain(c);
  std::cout << "== " << GetParam() << ": bad\n" << plan.text();
  const std::string problems =
      joined(sqlite() ? sqlite_problems(c, plan) : mysql_problems(c, plan));
  EXPECT_TRUE(contains(problems, "full scan")) << problems << "\n" << plan.text();
  EXPECT_TRUE(contains(problems, sqlite() ? "sorts" : "filesort")) << problems;
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryPlanTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

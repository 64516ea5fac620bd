// Every list query, EXPLAINed on both backends through the very SQL the repositories run
// (db::posts::list_sql, db::follows::list_sql): each reads its page through an index, never a
// full scan of post, follow or user, and sorts only where several authors' posts must be
// merged (the home timeline). Run this binary with --gtest_filter='*QueryPlan*' to see the
// plans; docs/query-plans.md holds a capture.
#include <iostream>
#include <limits>
#include <string>
#include <utility>
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
  std::string sql;
  std::vector<long long> parameters;  // in placeholder order
  bool merges;                        // whether a sort is inherent (the timeline merges authors)
};

class QueryPlanTest : public ::testing::TestWithParam<std::string> {
 protected:
  QueryPlanTest() : database_(GetParam()) {}

  bool sqlite() const { return GetParam() == "sqlite"; }
  db::Dialect dialect() const { return sqlite() ? db::Dialect::sqlite : db::Dialect::mysql; }

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
    // Positions 1..4096 in id order, as db::posts::insert would give them.
    sql << "INSERT INTO post (user_id, body, language, created_us, position) "
           "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 63) "
           "SELECT 1 + (x.n * 64 + y.n) % 40, 'hello world', 'en', x.n * 64 + y.n, "
           "1 + x.n * 64 + y.n FROM s x CROSS JOIN s y ORDER BY x.n, y.n";
    sql << "UPDATE post_sequence SET last_position = 4096 WHERE id = 1";
    for (int i = 1; i <= kUsers; ++i) {
      for (int k = 1; k <= 5; ++k) {
        db::follows::insert(sql, i, 1 + (i + k * 3) % kUsers, 1);
      }
    }
    if (sqlite()) {
      sql << "ANALYZE";
    } else {
      analyze_mysql_tables(sql);
    }
  }

  Plan explain(const ListCase& c) {
    auto conn = database_.db().connect();
    auto& sql = conn.sql();
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
    for (const long long& value : c.parameters) {
      st.exchange(soci::use(value));
    }
    st.alloc();
    st.prepare((sqlite() ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + c.sql);
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

  // Every list statement with the parameters of its widest range: "older" pages from the newest
  // cursor (older than everything: the first page), "newer" ones from cursor 0 (newer than
  // nothing), where a poor plan would read the most.
  std::vector<ListCase> cases() const {
    using db::posts::Direction;
    using db::posts::Scope;
    using FDir = db::follows::Direction;
    using db::follows::Relation;
    constexpr Id kSubject = 7;
    constexpr int kLimit = 26;
    std::vector<ListCase> out;
    const std::pair<const char*, Scope> scopes[] = {
        {"explore", Scope::everyone}, {"profile", Scope::author}, {"timeline", Scope::timeline}};
    const auto add = [&](const std::string& name, const db::posts::ListQuery& q) {
      out.push_back({name, db::posts::list_sql(dialect(), q),
                     db::posts::list_parameters(dialect(), q), q.scope == Scope::timeline});
    };
    for (const auto& [name, scope] : scopes) {
      for (const auto direction : {Direction::older, Direction::newer}) {
        const bool older = direction == Direction::older;
        add(std::string(name) + (older ? " older" : " newer"),
            {scope, kSubject, direction, older ? db::posts::kAboveAll : 0, kLimit, 0});
      }
    }
    // A numbered page (?page=101 of explore): by position, not by skipping 2,500 rows.
    add("explore numbered",
        {Scope::everyone, 0, Direction::older, db::posts::kAboveAll, kLimit, 100 * (kLimit - 1)});
    const std::pair<const char*, Relation> relations[] = {{"followers", Relation::followers},
                                                          {"following", Relation::following}};
    for (const auto& [name, relation] : relations) {
      for (const auto direction : {FDir::older, FDir::newer}) {
        const bool older = direction == FDir::older;
        out.push_back({std::string(name) + (older ? " older" : " newer"),
                       db::follows::list_sql(relation, direction),
                       {kSubject, older ? std::numeric_limits<Id>::max() : 0, kLimit},
                       false});
      }
    }
    return out;
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
  bool ranges_per_author = false;
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
    // "Range checked for each record" is no scan: for each row of the tables before it (each
    // followed user) MariaDB plans a range of one of the listed indexes with that row's values.
    const bool range_per_row =
        contains(extra, "Range checked for each record") && contains(col[4], "ix_post_user_id_id");
    if (range_per_row && table == "post") {
      ranges_per_author = true;
    }
    if (base_table && !range_per_row) {
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
  // The timeline must read each author's posts as a range from the cursor: MariaDB's `ref` on
  // user_id alone (what `post.user_id = f.uid` gives) reads all their posts, which passes
  // every check above.
  if (c.merges && !ranges_per_author) {
    problems.emplace_back("the timeline does not read a range of ix_post_user_id_id per author");
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
    std::cout << "== " << GetParam() << ": " << c.name << "\n" << c.sql << "\n" << plan.text();
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
  const ListCase c{"bad", bad, {0, 26}, false};
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

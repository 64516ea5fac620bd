// Full-text search on both backends: a fixed corpus, a fixed set of queries (the awkward ones
// included) and the exact posts each must find, newest first. The expected lists are the same
// for SQLite and MariaDB: that is the point of tokenising in C++ (docs/search.md). And the index
// follows inserts and deletes, and is rebuilt by reindex.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "db/post_repository.hpp"
#include "db/search_repository.hpp"
#include "db/user_repository.hpp"
#include "services/post_service.hpp"
#include "services/search_service.hpp"
#include "support/test_database.hpp"

namespace microblog::testing {
namespace {

std::string punctuation_1000() {
  const std::string marks = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";
  std::string s;
  while (s.size() < 1000) {
    s += marks[s.size() % marks.size()];
  }
  return s;
}

const std::string kLongWord = [] {
  std::string w;
  for (int i = 0; i < 10; ++i) {
    w += "abcdefghij";
  }
  return w;
}();

// The corpus, oldest first: corpus index k is the k-th post inserted.
const std::vector<std::string>& corpus() {
  static const std::vector<std::string> posts = {
      "I love C++ and Rust.",                  // 0
      "It's a lovely day in the park.",        // 1
      "Café au lait, s'il vous plaît.",        // 2
      "CAFE open late: cafe culture!",         // 3
      "He said \"hello world\" AND left.",     // 4
      "Cats and dogs OR birds? NOT sure.",     // 5
      "A tiny x marks the spot, go!",          // 6
      "Привет мир from Moscow",                // 7
      "Straße in Berlin; strasse spelling",    // 8
      "東京 タワー at night",                  // 9
      "****** stars ****** and nothing else",  // 10
      "long word " + kLongWord,                // 11
      "Emoji 🎉 party time",                    // 12
      "Numbers 2026 and 3.14",                 // 13
      "école ÉCOLE Ecole",                     // 14
  };
  return posts;
}

struct Case {
  std::string query;
  std::vector<int> expected;  // corpus indexes, newest first; empty: finds nothing
  bool words = true;          // false: nothing searchable in the query, no database query
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"c++", {0}},
      {"C++", {0}},
      {"c++ rust", {0}},
      {"it's", {1}},
      {"\"hello world\"", {4}},
      {"'hello' \"world", {4}},
      {"\"", {}, false},
      {"AND OR NOT", {5}},
      {"and", {13, 10, 5, 4, 0}},
      {"***", {}, false},
      {punctuation_1000(), {}, false},
      {"", {}, false},
      {"   ", {}, false},
      {"x", {6}},        // one letter
      {"a", {6, 1}},     // one letter, an InnoDB stopword on its own
      {"go", {6}},       // two letters
      {"in", {8, 1}},    // two letters, a stopword
      {"the", {6, 1}},   // a stopword
      {"cafe", {3, 2}},  // accents: plain query, accented posts
      {"CAFÉ", {3, 2}},  // accented query
      {"École", {14}},
      {"ecole", {14}},
      {"pArK", {1}},  // mixed case
      {"STRASSE", {8}},
      {"straße", {8}},
      {"мир", {7}},
      {"МИР привет", {7}},
      {"東京", {9}},
      {"zebra", {}},       // in no post
      {"love", {0}},       // whole words: "lovely" is another word
      {"love zebra", {}},  // every word must match
      {kLongWord, {11}},
      {"party 🎉", {12}},
      {"2026", {13}},
      {"3.14", {13}},
      {"lait s'il", {2}},
      {"'); DROP TABLE post; --", {}},
      {"NEAR(love rust)", {}},
      {"tokens:love", {}},
      {"-love +rust", {0}},
      {"love*", {0}},
      {"\"unbalanced", {}},
  };
  return all;
}

class SearchTest : public ::testing::TestWithParam<std::string> {
 protected:
  SearchTest() : database_(GetParam()), search_(database_.db(), 25) {}

  void SetUp() override {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    author_ = db::users::insert(conn.sql(), {"susan", "susan@example.com", "x", "", 1});
    for (const auto& body : corpus()) {
      ids_.push_back(db::posts::insert(conn.sql(), {author_, body, "", 1}));
    }
    tx.commit();
  }

  std::vector<Id> expected_ids(const std::vector<int>& indexes) const {
    std::vector<Id> out;
    for (const int k : indexes) {
      out.push_back(ids_.at(static_cast<std::size_t>(k)));
    }
    return out;
  }

  std::vector<Id> found(const std::string& query) {
    std::vector<Id> out;
    for (const auto& p : search_.search(query, {}).page.rows) {
      out.push_back(p.id);
    }
    return out;
  }

  void expect_every_case() {
    for (const auto& c : cases()) {
      const auto result = search_.search(c.query, {});
      EXPECT_EQ(result.outcome == services::SearchResult::Outcome::searched, c.words)
          << "query: " << c.query;
      std::vector<Id> ids;
      for (const auto& p : result.page.rows) {
        ids.push_back(p.id);
      }
      EXPECT_EQ(ids, expected_ids(c.expected)) << "query: " << c.query;
    }
  }

  long long count(const std::string& table) {
    auto conn = database_.db().connect();
    long long n = 0;
    conn.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  TestDatabase database_;
  services::SearchService search_;
  Id author_ = 0;
  std::vector<Id> ids_;
};

TEST_P(SearchTest, FixedQueriesFindExactlyTheExpectedPosts) {
  expect_every_case();
  // The rows carry what the list renders.
  const auto rows = search_.search("cafe", {}).page.rows;
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].body, corpus()[3]);
  EXPECT_EQ(rows[0].author_username, "susan");
}

TEST_P(SearchTest, TheIndexFollowsInserts) {
  services::PostService posts(database_.db(), 25, {100, util::seconds(60)});
  EXPECT_TRUE(found("zebra").empty());
  const auto created = posts.create(author_, "A ZÉBRA crossed the road.");
  ASSERT_TRUE(created.errors.empty());
  EXPECT_EQ(found("zebra"), std::vector<Id>{created.post_id});
  EXPECT_EQ(found("the"), (std::vector<Id>{created.post_id, ids_[6], ids_[1]}));
  EXPECT_EQ(count("post_search"), count("post"));
}

TEST_P(SearchTest, TheIndexFollowsDeletesOfPostRows) {
  {
    auto conn = database_.db().connect();
    conn.sql() << "DELETE FROM post WHERE id = :id", soci::use(ids_[3]);
  }
  EXPECT_EQ(found("cafe"), std::vector<Id>{ids_[2]});
  EXPECT_EQ(count("post_search"), count("post"));
  EXPECT_EQ(count("post_search"), static_cast<long long>(corpus().size()) - 1);

  // Deleting the author deletes their posts by cascade, and their index rows with them.
  {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    const Id other = db::users::insert(conn.sql(), {"other", "other@example.com", "x", "", 1});
    db::posts::insert(conn.sql(), {other, "cafe by other", "", 1});
    tx.commit();
    EXPECT_EQ(found("cafe").size(), 2U);
    conn.sql() << "DELETE FROM user WHERE id = :id", soci::use(other);
  }
  EXPECT_EQ(found("cafe"), std::vector<Id>{ids_[2]});
  EXPECT_EQ(count("post_search"), count("post"));
}

TEST_P(SearchTest, ReindexRebuildsAndIndexMissingFillsGaps) {
  {
    auto conn = database_.db().connect();
    // A damaged index: one row gone (as for a post from before the migration), one wrong.
    if (GetParam() == "sqlite") {
      conn.sql() << "DELETE FROM post_search WHERE rowid = :id", soci::use(ids_[0]);
      conn.sql() << "INSERT OR REPLACE INTO post_search (rowid, tokens) VALUES (:id, 'xabogus')",
          soci::use(ids_[1]);
    } else {
      conn.sql() << "DELETE FROM post_search WHERE post_id = :id", soci::use(ids_[0]);
      conn.sql() << "UPDATE post_search SET tokens = 'xabogus' WHERE post_id = :id",
          soci::use(ids_[1]);
    }
  }
  EXPECT_TRUE(found("rust").empty());
  EXPECT_EQ(found("bogus"), std::vector<Id>{ids_[1]});

  // Only the post without a row is written by index_missing.
  const auto missing = search_.index_missing(4, {});
  EXPECT_EQ(missing.written, 1);
  EXPECT_EQ(found("rust"), std::vector<Id>{ids_[0]});
  EXPECT_EQ(found("bogus"), std::vector<Id>{ids_[1]});
  EXPECT_EQ(search_.index_missing(4, {}).written, 0);

  // reindex rewrites every row, in batches smaller than the corpus, reporting each.
  std::vector<long long> progress;
  const auto done = search_.reindex(4, [&](const services::IndexProgress& p) {
    progress.push_back(p.written);
    EXPECT_EQ(p.total, static_cast<long long>(corpus().size()));
  });
  EXPECT_EQ(done.written, static_cast<long long>(corpus().size()));
  EXPECT_EQ(progress, (std::vector<long long>{4, 8, 12, 15}));
  EXPECT_TRUE(found("bogus").empty());
  EXPECT_EQ(count("post_search"), count("post"));
  expect_every_case();
}

TEST_P(SearchTest, PagesGoNewestFirstAndLinkOnward) {
  std::vector<Id> common;
  {
    auto conn = database_.db().connect();
    db::Transaction tx(conn);
    for (int i = 0; i < 30; ++i) {
      common.push_back(
          db::posts::insert(conn.sql(), {author_, "common word " + std::to_string(i), "", 1}));
    }
    tx.commit();
  }
  const auto first = search_.search("Common", {});
  ASSERT_EQ(first.page.rows.size(), 25U);
  EXPECT_EQ(first.page.rows.front().id, common.back());
  EXPECT_FALSE(first.page.newer_after);
  ASSERT_TRUE(first.page.older_before);
  const auto second =
      search_.search("Common", {services::PageRequest::Kind::before, *first.page.older_before});
  ASSERT_EQ(second.page.rows.size(), 5U);
  EXPECT_EQ(second.page.rows.back().id, common.front());
  EXPECT_FALSE(second.page.older_before);
  ASSERT_TRUE(second.page.newer_after);
  const auto back =
      search_.search("common", {services::PageRequest::Kind::after, *second.page.newer_after});
  ASSERT_EQ(back.page.rows.size(), 25U);
  EXPECT_EQ(back.page.rows.front().id, common.back());
  const auto numbered = search_.search("common", {services::PageRequest::Kind::number, 2});
  ASSERT_EQ(numbered.page.rows.size(), 5U);
  EXPECT_EQ(numbered.page.rows.front().id, common[4]);
}

TEST_P(SearchTest, TooManyWordsForAnyPostFindNothingWithoutAnError) {
  std::string query;
  for (int i = 0; i < 200; ++i) {
    query += "w" + std::to_string(i) + " ";
  }
  const auto result = search_.search(query, {});
  EXPECT_EQ(result.outcome, services::SearchResult::Outcome::searched);
  EXPECT_TRUE(result.page.rows.empty());
  // Just under the limit the database is asked, and says no as well.
  query.clear();
  for (int i = 0; i < 70; ++i) {
    query += "w" + std::to_string(i) + " ";
  }
  EXPECT_TRUE(search_.search(query, {}).page.rows.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

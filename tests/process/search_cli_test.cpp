// `microblog search reindex` and the index pass of `microblog db upgrade`, as an operator runs
// them: the real executable on both backends, its output and its effect on search results.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/search_service.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

TEST(SearchCli, ReindexRewritesEveryRowAndUpgradeFillsMissingOnes) {
  for (const auto& backend : all_backends()) {
    SCOPED_TRACE(backend);
    TestDatabase database(backend);
    const auto env = test_environment(database.url());
    std::vector<Id> ids;
    {
      auto conn = database.db().connect();
      db::Transaction tx(conn);
      const Id author = db::users::insert(conn.sql(), {"susan", "s@example.com", "x", "", 1});
      for (int i = 0; i < 5; ++i) {
        ids.push_back(
            db::posts::insert(conn.sql(), {author, "Café number " + std::to_string(i), "", 1}));
      }
      tx.commit();
      // One row lost (a post from before the search migration), one wrong.
      const bool sqlite = backend == "sqlite";
      conn.sql() << (sqlite ? "DELETE FROM post_search WHERE rowid = :id"
                            : "DELETE FROM post_search WHERE post_id = :id"),
          soci::use(ids[0]);
      conn.sql() << (sqlite ? "UPDATE post_search SET tokens = 'xabogus' WHERE rowid = :id"
                            : "UPDATE post_search SET tokens = 'xabogus' WHERE post_id = :id"),
          soci::use(ids[1]);
    }
    services::SearchService search(database.db(), 25);
    EXPECT_EQ(search.search("cafe", {}).page.rows.size(), 3U);

    std::string out;
    std::string err;
    ASSERT_EQ(run_to_end({"db", "upgrade"}, env, &out, &err), 0) << err;
    EXPECT_THAT(out, HasSubstr("search index: 1 posts without an index row indexed"));
    EXPECT_EQ(search.search("cafe", {}).page.rows.size(), 4U);

    ASSERT_EQ(run_to_end({"search", "reindex", "--batch-size", "2"}, env, &out, &err), 0) << err;
    EXPECT_THAT(out, HasSubstr("reindex: 2 index rows written, up to post id"));
    EXPECT_THAT(out, HasSubstr("reindexed 5 posts in "));
    EXPECT_EQ(search.search("cafe", {}).page.rows.size(), 5U);
    EXPECT_TRUE(search.search("bogus", {}).page.rows.empty());

    EXPECT_NE(run_to_end({"search", "reindex", "--batch-size", "0"}, env, &out, &err), 0);
  }
}

}  // namespace
}  // namespace microblog::testing

#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

// What keeps the tables from growing at a script's pace: anonymous visits store nothing.
class LimitsTest : public HttpTest {
 protected:
  long long rows(const std::string& table) {
    auto conn = database().db().connect();
    long long n = 0;
    conn.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
};

TEST_P(LimitsTest, CookielessVisitsToProtectedPagesStoreNoSession) {
  constexpr int kVisits = 20;
  for (int i = 0; i < kVisits; ++i) {
    auto c = client();  // a new visitor without any cookie each time, as a crawler is
    for (const std::string path : {"/index", "/explore", "/edit_profile", "/user/nobody"}) {
      const auto res = c.get(path);
      ASSERT_EQ(res.status, 302) << path;
      EXPECT_EQ(res.header("location"), "/auth/login?next=" + http::encode_query_value(path));
    }
  }
  EXPECT_EQ(rows("session"), 0);
  // The reason still reaches the visitor, from the address, and still without a row.
  auto c = client();
  c.get("/index");
  EXPECT_THAT(c.get("/auth/login?next=%2Findex").body,
              HasSubstr("Please sign in to see this page."));
  EXPECT_THAT(client().get("/auth/login").body,
              ::testing::Not(HasSubstr("Please sign in to see this page.")));
  EXPECT_EQ(rows("session"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

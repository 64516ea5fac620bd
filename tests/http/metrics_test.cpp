#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "metrics-token-for-the-tests";

// The value of the series `series` (its name and labels exactly as written), or -1.
double value_of(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) {
    return -1;
  }
  return std::stod(text.substr(at + series.size() + 2));
}

class MetricsTest : public HttpTest {
 protected:
  void SetUp() override { start({{"METRICS_TOKEN", kToken}}); }

  HttpResult scrape() {
    return client().get("/metrics", {{"Authorization", std::string("Bearer ") + kToken}});
  }
};

TEST_P(MetricsTest, OnlyTheTokenReadsTheMetrics) {
  auto c = client();
  auto res = c.get("/metrics");
  EXPECT_EQ(res.status, 401);
  EXPECT_THAT(res.header("www-authenticate"), HasSubstr("Bearer"));
  EXPECT_THAT(res.body, Not(HasSubstr("process_")));
  res = c.get("/metrics", {{"Authorization", "Bearer not-the-metrics-token"}});
  EXPECT_EQ(res.status, 401);
  res = scrape();
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_GT(value_of(res.body, "process_resident_memory_bytes"), 1e6);
  EXPECT_GT(value_of(res.body, "process_open_fds"), 3);
  EXPECT_THAT(res.body, HasSubstr("microblog_build_info{version=\""));
}

TEST_P(MetricsTest, WithoutATokenConfiguredThereIsNoMetricsPage) {
  start({});
  EXPECT_EQ(client().get("/metrics").status, 404);
  EXPECT_EQ(client().get("/metrics", {{"Authorization", std::string("Bearer ") + kToken}}).status,
            404);
}

TEST_P(MetricsTest, RequestsAreCountedByRouteTemplateNeverByPath) {
  register_user("susan", "susan@example.com");
  auto c = signed_in("susan");
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(c.get("/user/susan").status, 200);
  ASSERT_EQ(c.get("/user/nobody").status, 404);
  ASSERT_EQ(c.get("/no/such/page").status, 404);
  const std::string text = scrape().body;
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"/user/<username>\","
                     "method=\"GET\",status=\"200\"}"),
            2);
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"/user/<username>\","
                     "method=\"GET\",status=\"404\"}"),
            1);
  EXPECT_EQ(value_of(text,
                     "microblog_http_requests_total{route=\"none\",method=\"GET\","
                     "status=\"404\"}"),
            1);
  EXPECT_EQ(value_of(text,
                     "microblog_http_request_duration_seconds_count{route=\"/user/"
                     "<username>\",method=\"GET\"}"),
            3);
  EXPECT_THAT(text, Not(HasSubstr("susan")));
  EXPECT_THAT(text, Not(HasSubstr("/no/such")));
  // The scrape itself is in flight while it is written.
  EXPECT_EQ(value_of(text, "microblog_http_requests_in_flight"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing

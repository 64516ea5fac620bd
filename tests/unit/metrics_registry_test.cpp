#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "metrics/registry.hpp"
#include "metrics/request_metrics.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsRegistry, WritesCountersAndGaugesInTheTextFormat) {
  metrics::Registry r;
  r.counter("jobs_total", "Jobs run", {{"kind", "mail"}}).inc(3);
  r.counter("jobs_total", "Jobs run", {{"kind", "export"}}).inc();
  r.gauge("depth", "Queue depth").set(-2);
  r.gauge_callback("answer", "Read when scraped", {}, [] { return 4.5; });
  EXPECT_EQ(r.render(),
            "# HELP jobs_total Jobs run\n# TYPE jobs_total counter\n"
            "jobs_total{kind=\"mail\"} 3\njobs_total{kind=\"export\"} 1\n"
            "# HELP depth Queue depth\n# TYPE depth gauge\ndepth -2\n"
            "# HELP answer Read when scraped\n# TYPE answer gauge\nanswer 4.5\n");
}

TEST(MetricsRegistry, AFamilyReadInOneCallIsReadOncePerPage) {
  metrics::Registry r;
  int reads = 0;
  bool fail = false;
  r.gauge_samples("jobs", "By state", [&] {
    ++reads;
    if (fail) {
      throw std::runtime_error("database away");
    }
    return std::vector<metrics::Registry::LabeledValue>{{{{"state", "queued"}}, 3},
                                                        {{{"state", "dead"}}, 0}};
  });
  r.counter("after", "h").inc();
  EXPECT_EQ(r.render(),
            "# HELP jobs By state\n# TYPE jobs gauge\njobs{state=\"queued\"} 3\n"
            "jobs{state=\"dead\"} 0\n# HELP after h\n# TYPE after counter\nafter 1\n");
  EXPECT_EQ(reads, 1);
  // A read that fails leaves the family's series out, and the rest of the page as it was.
  fail = true;
  EXPECT_EQ(r.render(),
            "# HELP jobs By state\n# TYPE jobs gauge\n"
            "# HELP after h\n# TYPE after counter\nafter 1\n");
  EXPECT_THROW(r.gauge_samples("jobs", "By state",
                               [] { return std::vector<metrics::Registry::LabeledValue>{}; }),
               std::logic_error);
}

TEST(MetricsRegistry, TheSameLabelsAreTheSameSeries) {
  metrics::Registry r;
  auto& a = r.counter("c", "h", {{"x", "1"}});
  auto& b = r.counter("c", "h", {{"x", "1"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &r.counter("c", "h", {{"x", "2"}}));
  EXPECT_THROW(r.gauge("c", "h"), std::logic_error);
}

TEST(MetricsRegistry, EscapesLabelValues) {
  metrics::Registry r;
  r.counter("c", "h", {{"path", "a\"b\\c\nd"}}).inc();
  EXPECT_THAT(r.render(), HasSubstr("c{path=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
  metrics::Registry r;
  auto& h = r.histogram("latency_seconds", "h", {{"route", "/"}}, {0.1, 1});
  h.observe_seconds(0.05);
  h.observe_seconds(0.1);  // on a bound: counted in that bucket (le means "at most")
  h.observe_seconds(0.5);
  h.observe_seconds(3);
  const std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/\",le=\"0.1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/\",le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_count{route=\"/\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_sum{route=\"/\"} 3.65\n"));
}

TEST(MetricsRegistry, SeriesOmittedWhileZeroAppearOnceUsed) {
  metrics::Registry r;
  auto& used = r.counter("c", "h", {{"s", "200"}});
  r.counter("c", "h", {{"s", "404"}});
  r.omit_while_zero("c");
  used.inc();
  const std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("c{s=\"200\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("s=\"404\"")));
}

TEST(RequestMetrics, CountsByRouteTemplateAndOnlyKnownMethodsForUnmatchedPaths) {
  metrics::Registry r;
  metrics::RequestMetrics m(r, {{"GET", "/user/<username>"}, {"POST", "/user/<username>"}});
  m.observe("GET", "/user/<username>", 200, 0.002);
  m.observe("GET", "/user/<username>", 200, 0.004);
  m.observe("POST", "/user/<username>", 418, 0.001);  // a status made on first use
  m.observe("BREW", "", 404, 0.001);                  // a client's method: not a label value
  const std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("microblog_http_requests_total{route=\"/user/<username>\","
                              "method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("microblog_http_requests_total{route=\"/user/<username>\","
                              "method=\"POST\",status=\"418\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("microblog_http_requests_total{route=\"none\",method=\"OTHER\","
                              "status=\"404\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("BREW")));
  EXPECT_THAT(text, HasSubstr("microblog_http_request_duration_seconds_count{route=\"/user/"
                              "<username>\",method=\"GET\"} 2\n"));
}

}  // namespace
}  // namespace microblog::testing

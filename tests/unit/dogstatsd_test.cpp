// The DogStatsD emitter: the lines it makes from the registry (deltas, gauges, histograms,
// tags), how it packs them, and a real flush over UDP to a socket on 127.0.0.1.
#include "metrics/dogstatsd.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "metrics/deploy_marker.hpp"
#include "metrics/registry.hpp"
#include "support/udp_receiver.hpp"

namespace microblog::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr std::chrono::milliseconds kReceiveTimeout{5000};

TEST(DogStatsdLines, CountersAreSentAsTheirIncreaseAndGaugesAsTheirValue) {
  metrics::Registry r;
  auto& requests = r.counter("requests_total", "h", {{"route", "/user/<username>"}});
  auto& depth = r.gauge("depth", "h");
  double cpu = 1.5;
  r.counter_callback("cpu_seconds_total", "h", {}, [&cpu] { return cpu; });
  requests.inc(3);
  depth.set(7);
  std::map<std::string, double> previous;
  const std::vector<std::string> tags{"env:test", "service:microblog"};
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, tags),
              ElementsAre("requests_total:3|c|#route:/user/<username>,env:test,service:microblog",
                          "depth:7|g|#env:test,service:microblog",
                          "cpu_seconds_total:1.5|c|#env:test,service:microblog"));

  // Nothing moved: the gauge is sent again, no counter is.
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, tags),
              ElementsAre("depth:7|g|#env:test,service:microblog"));

  requests.inc(2);
  depth.set(-1);
  cpu = 1.500343;  // an increase of 343 us, without the subtraction's rounding noise
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, tags),
              ElementsAre("requests_total:2|c|#route:/user/<username>,env:test,service:microblog",
                          "depth:-1|g|#env:test,service:microblog",
                          "cpu_seconds_total:0.000343|c|#env:test,service:microblog"));
}

TEST(DogStatsdLines, FamiliesReadInOneCallAreSentAsGauges) {
  metrics::Registry r;
  int reads = 0;
  r.gauge_samples("jobs", "h", [&reads] {
    ++reads;
    return std::vector<metrics::Registry::LabeledValue>{{{{"state", "queued"}}, 3},
                                                        {{{"state", "dead"}}, 1}};
  });
  std::map<std::string, double> previous;
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, {"env:test"}),
              ElementsAre("jobs:3|g|#state:queued,env:test", "jobs:1|g|#state:dead,env:test"));
  EXPECT_EQ(reads, 1);
}

TEST(DogStatsdLines, HistogramsAreBucketsWithAnLeTagPlusSumAndCount) {
  metrics::Registry r;
  auto& h = r.histogram("latency_seconds", "h", {{"route", "/"}}, {0.1, 1});
  h.observe_seconds(0.05);
  h.observe_seconds(0.5);
  std::map<std::string, double> previous;
  EXPECT_THAT(
      metrics::dogstatsd_lines(r.samples(), previous, {}),
      ElementsAre("latency_seconds_bucket:1|c|#route:/,le:0.1",
                  "latency_seconds_bucket:2|c|#route:/,le:1",
                  "latency_seconds_bucket:2|c|#route:/,le:+Inf",
                  "latency_seconds_sum:0.55|c|#route:/", "latency_seconds_count:2|c|#route:/"));
  // One slow request later only the buckets it reached move (cumulative, as le means).
  h.observe_seconds(3);
  EXPECT_THAT(
      metrics::dogstatsd_lines(r.samples(), previous, {}),
      ElementsAre("latency_seconds_bucket:1|c|#route:/,le:+Inf", "latency_seconds_sum:3|c|#route:/",
                  "latency_seconds_count:1|c|#route:/"));
}

TEST(DogStatsdLines, SeparatorsInLabelValuesCannotBreakTheLine) {
  metrics::Registry r;
  r.counter("c", "h", {{"x", "a|b,c#d\ne"}}).inc();
  std::map<std::string, double> previous;
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, {}),
              ElementsAre("c:1|c|#x:a_b_c_d_e"));
}

TEST(DogStatsdLines, ASeriesLabelWinsOverATagOfTheSameKey) {
  metrics::Registry r;
  r.gauge_callback("build_info", "h", {{"version", "1.2.3"}, {"commit", "abc"}},
                   [] { return 1.0; });
  std::map<std::string, double> previous;
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, {"version:9.9", "service:microblog"}),
              ElementsAre("build_info:1|g|#version:1.2.3,commit:abc,service:microblog"));
}

TEST(DogStatsdLines, SeriesOmittedWhileZeroAreNotSent) {
  metrics::Registry r;
  r.counter("c", "h", {{"s", "404"}});
  r.counter("c", "h", {{"s", "200"}}).inc();
  r.omit_while_zero("c");
  std::map<std::string, double> previous;
  EXPECT_THAT(metrics::dogstatsd_lines(r.samples(), previous, {}), ElementsAre("c:1|c|#s:200"));
}

TEST(DogStatsdPackets, LinesArePackedUpToTheLimitAndNeverSplit) {
  std::vector<std::string> lines;
  for (int i = 0; i < 100; ++i) {
    lines.push_back("microblog_metric_" + std::to_string(i) + ":1|c|#route:/some/route");
  }
  const auto packets = metrics::dogstatsd_packets(lines, 200);
  std::vector<std::string> back;
  for (const auto& p : packets) {
    EXPECT_LE(p.size(), 200U);
    std::size_t start = 0;
    for (std::size_t nl = p.find('\n'); nl != std::string::npos; nl = p.find('\n', start)) {
      back.push_back(p.substr(start, nl - start));
      start = nl + 1;
    }
    back.push_back(p.substr(start));
  }
  EXPECT_GT(packets.size(), 10U);
  EXPECT_EQ(back, lines);
  // A line longer than the limit goes alone, whole.
  EXPECT_THAT(metrics::dogstatsd_packets({"a:1|c", std::string(300, 'x'), "b:1|c"}, 200),
              ElementsAre("a:1|c", std::string(300, 'x'), "b:1|c"));
  EXPECT_THAT(metrics::dogstatsd_packets({}, 200), IsEmpty());
}

TEST(DogStatsdTags, DdTagsAreSeparatedBySpacesOrCommas) {
  EXPECT_THAT(metrics::split_dogstatsd_tags(" team:web,region:eu  tier:1 ,"),
              ElementsAre("team:web", "region:eu", "tier:1"));
  EXPECT_THAT(metrics::split_dogstatsd_tags(""), IsEmpty());
}

// The lines of every datagram that arrives within the timeout after the first.
std::vector<std::string> receive_lines(UdpReceiver& agent) {
  std::vector<std::string> lines;
  for (auto packet = agent.receive(kReceiveTimeout); packet;
       packet = agent.receive(std::chrono::milliseconds(200))) {
    EXPECT_LE(packet->size(), 1432U);
    std::size_t start = 0;
    for (std::size_t nl = packet->find('\n'); nl != std::string::npos;
         nl = packet->find('\n', start)) {
      lines.push_back(packet->substr(start, nl - start));
      start = nl + 1;
    }
    lines.push_back(packet->substr(start));
  }
  return lines;
}

TEST(DogStatsdEmitter, FlushSendsTheRegistryToTheAgentOverUdp) {
  UdpReceiver agent;
  metrics::Registry r;
  auto& c = r.counter("jobs_total", "h", {{"kind", "mail"}});
  r.gauge("queued", "h").set(4);
  // Enough series for several datagrams.
  for (int i = 0; i < 60; ++i) {
    r.counter("many_total", "h", {{"route", "/route/number/" + std::to_string(i)}}).inc();
  }
  c.inc(5);
  // A long interval: only the explicit flushes send.
  metrics::DogStatsd statsd(r, {"127.0.0.1", agent.port(), std::chrono::hours(1), {"env:unit"}});
  statsd.flush();
  auto lines = receive_lines(agent);
  EXPECT_THAT(lines, Contains("jobs_total:5|c|#kind:mail,env:unit"));
  EXPECT_THAT(lines, Contains("queued:4|g|#env:unit"));
  EXPECT_THAT(lines, Contains("many_total:1|c|#route:/route/number/59,env:unit"));
  EXPECT_EQ(lines.size(), 62U);

  c.inc(2);
  statsd.flush();
  EXPECT_THAT(receive_lines(agent),
              UnorderedElementsAre("jobs_total:2|c|#kind:mail,env:unit", "queued:4|g|#env:unit"));
}

TEST(DogStatsdEmitter, FlushesOnItsOwnEveryInterval) {
  UdpReceiver agent;
  metrics::Registry r;
  auto& c = r.counter("ticks_total", "h");
  c.inc();
  const metrics::DogStatsd statsd(r,
                                  {"127.0.0.1", agent.port(), std::chrono::milliseconds(50), {}});
  EXPECT_EQ(agent.receive(kReceiveTimeout), "ticks_total:1|c");
  c.inc(3);
  EXPECT_EQ(agent.receive(kReceiveTimeout), "ticks_total:3|c");
}

TEST(DogStatsdEmitter, FlushesOnceMoreWhenDestroyed) {
  UdpReceiver agent;
  metrics::Registry r;
  auto& c = r.counter("ticks_total", "h");
  {
    const metrics::DogStatsd statsd(r, {"127.0.0.1", agent.port(), std::chrono::hours(1), {}});
    c.inc(2);
  }
  EXPECT_EQ(agent.receive(kReceiveTimeout), "ticks_total:2|c");
}

TEST(DogStatsdEmitter, AnAgentNameThatDoesNotResolveCostsNothingButAWarning) {
  metrics::Registry r;
  r.counter("c", "h").inc();
  metrics::DogStatsd statsd(r, {"no-such-agent.invalid", 8125, std::chrono::hours(1), {}});
  statsd.flush();  // must return, and not throw
  SUCCEED();
}

TEST(DeployMarker, ShowsWhenTheDeployBeganWithVersionCommitAndColor) {
  metrics::Registry r;
  metrics::register_deploy_marker(r, "1.2.3", "abc123", "green", 1700000000);
  EXPECT_THAT(r.render(), HasSubstr("microblog_deploy_timestamp_seconds{version=\"1.2.3\",commit="
                                    "\"abc123\",color=\"green\"} 1700000000\n"));
  metrics::Registry by_hand;
  metrics::register_deploy_marker(by_hand, "1.2.3", "abc123", "", 0);
  EXPECT_THAT(by_hand.render(), Not(HasSubstr("microblog_deploy_timestamp_seconds")));
}

}  // namespace
}  // namespace microblog::testing

// `microblog serve` with DD_AGENT_HOST set pushes its metrics to a DogStatsD agent (here a UDP
// socket of the test): the requests it answered arrive as counters with their route, method and
// status as tags, plus the unified service tags, within a few flushes.
#include <chrono>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"
#include "support/udp_receiver.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

struct Line {
  std::string name;
  double value = 0;
  std::string type;
  std::string tags;
};

// "name:value|type|#tags" (the tags optional).
std::vector<Line> parse(const std::string& packet) {
  static const std::regex line_re(R"(^([^:|#\n]+):([^|\n]+)\|(c|g)(?:\|#([^\n]*))?$)");
  std::vector<Line> out;
  std::size_t start = 0;
  while (start <= packet.size()) {
    const std::size_t nl = std::min(packet.find('\n', start), packet.size());
    const std::string text = packet.substr(start, nl - start);
    std::smatch m;
    EXPECT_TRUE(std::regex_match(text, m, line_re)) << "not a DogStatsD metric: " << text;
    if (!m.empty()) {
      out.push_back({m[1], std::stod(m[2]), m[3], m[4]});
    }
    start = nl + 1;
  }
  return out;
}

std::string version_of_build() {
  std::string out;
  std::string err;
  EXPECT_EQ(run_to_end({"--version"}, {}, &out, &err), 0) << err;
  std::smatch m;
  const std::regex re(R"(^microblog (\S+) \(commit (\S+)\)\n$)");
  EXPECT_TRUE(std::regex_match(out, m, re)) << out;
  return m.empty() ? "" : m[1].str();
}

TEST(DogStatsdProcess, RequestsArriveAsCountersWithTheirTags) {
  const std::string version = version_of_build();
  ASSERT_FALSE(version.empty());
  UdpReceiver agent;
  TestDatabase database("sqlite");
  auto env = test_environment(database.url());
  env["DD_AGENT_HOST"] = "127.0.0.1";
  env["DD_DOGSTATSD_PORT"] = std::to_string(agent.port());
  env["DD_FLUSH_SECONDS"] = "1";
  env["DD_ENV"] = "test";
  env["DD_TAGS"] = "team:web";
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  const std::string line = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(line.empty()) << server.stderr_text();
  HttpClient client(port_of(line));
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(client.get("/healthz").status, 200);
  }
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(client.get("/auth/login").status, 200);
  }

  const std::string common = ",env:test,service:microblog,version:" + version + ",team:web";
  const std::string healthz_tags = "route:/healthz,method:GET,status:200" + common;
  const std::string login_tags = "route:/auth/login,method:GET,status:200" + common;
  // Counters arrive as increases: summed over the flushes until both reach the number of
  // requests made, or the deadline passes.
  std::map<std::string, double> sums;
  bool saw_memory_gauge = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((sums["healthz"] < 3 || sums["login"] < 2 || sums["latency"] < 3 || !saw_memory_gauge) &&
         std::chrono::steady_clock::now() < deadline) {
    const auto packet = agent.receive(std::chrono::seconds(5));
    if (!packet) {
      continue;
    }
    EXPECT_LE(packet->size(), 1432U);
    for (const auto& l : parse(*packet)) {
      if (l.name == "microblog_http_requests_total" && l.tags == healthz_tags) {
        EXPECT_EQ(l.type, "c");
        sums["healthz"] += l.value;
      } else if (l.name == "microblog_http_requests_total" && l.tags == login_tags) {
        sums["login"] += l.value;
      } else if (l.name == "microblog_http_request_duration_seconds_count" &&
                 l.tags == "route:/healthz,method:GET" + common) {
        sums["latency"] += l.value;
      } else if (l.name == "process_resident_memory_bytes") {
        EXPECT_EQ(l.type, "g");
        EXPECT_GT(l.value, 1e6);
        EXPECT_THAT(l.tags, HasSubstr("service:microblog"));
        saw_memory_gauge = true;
      }
    }
  }
  ASSERT_TRUE(saw_memory_gauge);
  ASSERT_EQ(sums["latency"], 3);

  // One more request, of another route: once its count arrives, a flush that sent the earlier
  // requests' counts again (a delta not taken) would have arrived too.
  ASSERT_EQ(client.get("/readyz").status, 200);
  bool saw_readyz = false;
  const auto second_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!saw_readyz && std::chrono::steady_clock::now() < second_deadline) {
    const auto packet = agent.receive(std::chrono::seconds(5));
    for (const auto& l : packet ? parse(*packet) : std::vector<Line>{}) {
      if (l.name == "microblog_http_requests_total" && l.tags == healthz_tags) {
        sums["healthz"] += l.value;
      } else if (l.name == "microblog_http_requests_total" && l.tags == login_tags) {
        sums["login"] += l.value;
      } else if (l.name == "microblog_http_requests_total" &&
                 l.tags == "route:/readyz,method:GET,status:200" + common) {
        EXPECT_EQ(l.value, 1);
        saw_readyz = true;
      }
    }
  }
  EXPECT_TRUE(saw_readyz);
  EXPECT_EQ(sums["healthz"], 3);
  EXPECT_EQ(sums["login"], 2);
}

}  // namespace
}  // namespace microblog::testing

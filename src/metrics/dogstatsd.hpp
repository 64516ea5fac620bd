#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"

namespace microblog::metrics {

// DogStatsD, the Datadog agent's UDP protocol (docs/observability.md, "DogStatsD"): the series
// GET /metrics shows, pushed to an agent instead of scraped. Names are the page's own
// (histograms as <name>_bucket with an "le" tag, <name>_sum and <name>_count); labels become
// tags. What only grows (counters, histograms' parts) is sent as its increase since the last
// flush, `|c`, and nothing when it did not move; gauges are sent every flush, `|g`.

// Turns one walk of the registry into DogStatsD lines. `previous` holds what each cumulative
// series had at the last flush and is brought up to date; `tags` end every line ("env:prod").
std::vector<std::string> dogstatsd_lines(const std::vector<Sample>& samples,
                                         std::map<std::string, double>& previous,
                                         const std::vector<std::string>& tags);

// Lines joined by newlines into datagrams of at most `max_bytes` each; a longer line goes alone.
std::vector<std::string> dogstatsd_packets(const std::vector<std::string>& lines,
                                           std::size_t max_bytes);

// "key:value" tags from DD_TAGS, which separates them by spaces or commas.
std::vector<std::string> split_dogstatsd_tags(const std::string& text);

struct DogStatsdOptions {
  std::string host;  // a name is resolved again at each flush: an agent may move
  int port = 8125;
  std::chrono::milliseconds interval{10000};
  std::vector<std::string> tags;  // added to every metric
  // Stays below a 1500-byte Ethernet frame once IP and UDP headers are added, so that no
  // datagram is fragmented on its way (the agent itself reads up to 8 KiB).
  std::size_t max_packet_bytes = 1432;
};

// Walks the registry every `interval` on a thread of its own and sends what it finds; the
// request path never waits for it (the registry's series are atomics). Sending is best effort,
// as UDP is: a missing agent costs nothing but a warning when its name does not resolve.
class DogStatsd {
 public:
  DogStatsd(const Registry& registry, DogStatsdOptions options);
  DogStatsd(const DogStatsd&) = delete;
  DogStatsd& operator=(const DogStatsd&) = delete;
  ~DogStatsd();  // flushes once more, so that the last interval's counts are not lost

  // One walk and send now (tests, and the last one at exit). Safe from any thread.
  void flush();

 private:
  void loop();
  void send(const std::vector<std::string>& packets);

  const Registry& registry_;
  DogStatsdOptions options_;
  std::mutex flush_mutex_;  // one flush at a time: `previous_` and the socket are its state
  std::map<std::string, double> previous_;
  int socket_ = -1;
  int socket_family_ = 0;
  bool warned_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace microblog::metrics

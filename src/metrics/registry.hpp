#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace microblog::metrics {

// Metrics in the Prometheus text format (docs/observability.md). Recording is one relaxed
// atomic add: no lock on the request path. Series are registered up front (or, for rare
// label values, once, under the registry's lock); reading them all is the scrape's job.

using Labels = std::vector<std::pair<std::string, std::string>>;

// One value of one series, as GET /metrics shows it: a histogram gives <name>_bucket (with an
// "le" label, cumulative), <name>_sum and <name>_count. What a push exporter walks.
struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  bool cumulative = false;  // only grows: counters and histograms' parts (a delta is meaningful)
};

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Cumulative buckets as Prometheus wants them are summed when read; each observation adds to
// one bucket, the count and the sum (in microseconds, so that it stays an integer add).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe_seconds(double seconds);

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations in bucket i (not cumulative); the last one is above every bound.
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum_seconds() const {
    return static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6;
  }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_us_{0};
};

// Request latencies: half a millisecond to ten seconds.
std::vector<double> latency_buckets();
// Database waits and connection use: a tenth of a millisecond (a SQLite read) to ten seconds.
std::vector<double> database_buckets();

class Registry {
 public:
  // The same name and labels give the same series. References stay valid for the registry's
  // life. Call while wiring, or rarely: registering takes the lock a scrape holds.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels,
                       std::vector<double> bounds);
  // A gauge read when scraped (memory, pool use, queue depth).
  void gauge_callback(const std::string& name, const std::string& help, const Labels& labels,
                      std::function<double()> read);
  // The same, as a counter (CPU seconds).
  void counter_callback(const std::string& name, const std::string& help, const Labels& labels,
                        std::function<double()> read);
  // A gauge family whose series are all read by one call when scraped (one query gives the
  // job queue's count in each state). Called without the registry's lock, so that a slow read
  // never holds up recording; a read that throws leaves the family's series out of that page.
  struct LabeledValue {
    Labels labels;
    double value = 0;
  };
  void gauge_samples(const std::string& name, const std::string& help,
                     std::function<std::vector<LabeledValue>()> read);

  // The family's counters and histograms are left out of render() until they count something:
  // series made up front for every route and status would otherwise be mostly zeros.
  void omit_while_zero(const std::string& name);

  // Every series, grouped by name with its HELP and TYPE, in the order names were registered.
  std::string render() const;
  // The same series as render(), as values (registry_samples.cpp).
  std::vector<Sample> samples() const;

 private:
  enum class Kind { counter, gauge, histogram, counter_callback, gauge_callback, gauge_samples };
  struct Series {
    Labels labels;
    Counter* counter = nullptr;
    Gauge* gauge = nullptr;
    Histogram* histogram = nullptr;
    std::function<double()> read;
  };
  struct Family {
    std::string name;
    std::string help;
    Kind kind = Kind::counter;
    std::vector<Series> series;
    bool omit_zero = false;
    std::function<std::vector<LabeledValue>()> read_samples;  // gauge_samples only
  };
  using FamilyReads = std::vector<std::pair<const Family*, std::vector<LabeledValue>>>;

  Family& family(const std::string& name, const std::string& help, Kind kind);
  // The families read in one call, each read once, without the lock: such a read may wait for
  // a database connection, and requests must not wait behind it to register a rare series. A
  // family whose read throws is left out (a gap in its series says the read failed).
  FamilyReads read_families() const;
  Series* find(Family& f, const Labels& labels);

  mutable std::mutex mutex_;
  std::deque<Family> families_;
  std::deque<Counter> counters_;
  std::deque<Gauge> gauges_;
  std::deque<Histogram> histograms_;
};

// A label value as the text format writes it: backslash, double quote and newline escaped.
std::string escape_label_value(const std::string& value);

}  // namespace microblog::metrics

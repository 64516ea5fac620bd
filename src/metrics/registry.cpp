#include "metrics/registry.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace microblog::metrics {
namespace {

const char* type_name(bool histogram, bool counter) {
  if (histogram) {
    return "histogram";
  }
  return counter ? "counter" : "gauge";
}

// "{a="x",b="y"}", with `extra` ("le", "0.5") appended; "" for no labels at all.
std::string label_text(const Labels& labels, const std::pair<std::string, std::string>* extra) {
  if (labels.empty() && extra == nullptr) {
    return {};
  }
  std::string out = "{";
  bool first = true;
  auto add = [&](const std::string& k, const std::string& v) {
    out += first ? "" : ",";
    out += k + "=\"" + escape_label_value(v) + "\"";
    first = false;
  };
  for (const auto& [k, v] : labels) {
    add(k, v);
  }
  if (extra != nullptr) {
    add(extra->first, extra->second);
  }
  return out + "}";
}

std::string number(double v) {
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  if (std::isnan(v)) {
    return "NaN";
  }
  return fmt::format("{}", v);
}

}  // namespace

std::string escape_label_value(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) {
    throw std::invalid_argument("histogram bounds must be sorted");
  }
}

void Histogram::observe_seconds(double seconds) {
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin();
  buckets_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e6),
                    std::memory_order_relaxed);
}

std::vector<double> latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> database_buckets() {
  auto bounds = latency_buckets();
  bounds.insert(bounds.begin(), {0.0001, 0.00025});
  return bounds;
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Kind kind) {
  for (auto& f : families_) {
    if (f.name == name) {
      if (f.kind != kind) {
        throw std::logic_error("metric " + name + " registered with two types");
      }
      return f;
    }
  }
  families_.push_back({name, help, kind, {}, false, {}});
  return families_.back();
}

Registry::Series* Registry::find(Family& f, const Labels& labels) {
  for (auto& s : f.series) {
    if (s.labels == labels) {
      return &s;
    }
  }
  return nullptr;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  const std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::counter);
  if (auto* s = find(f, labels)) {
    return *s->counter;
  }
  auto& c = counters_.emplace_back();
  f.series.push_back({labels, &c, nullptr, nullptr, {}});
  return c;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  const std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::gauge);
  if (auto* s = find(f, labels)) {
    return *s->gauge;
  }
  auto& g = gauges_.emplace_back();
  f.series.push_back({labels, nullptr, &g, nullptr, {}});
  return g;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels, std::vector<double> bounds) {
  const std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::histogram);
  if (auto* s = find(f, labels)) {
    return *s->histogram;
  }
  auto& h = histograms_.emplace_back(std::move(bounds));
  f.series.push_back({labels, nullptr, nullptr, &h, {}});
  return h;
}

void Registry::gauge_callback(const std::string& name, const std::string& help,
                              const Labels& labels, std::function<double()> read) {
  const std::lock_guard lock(mutex_);
  family(name, help, Kind::gauge_callback)
      .series.push_back({labels, nullptr, nullptr, nullptr, std::move(read)});
}

void Registry::counter_callback(const std::string& name, const std::string& help,
                                const Labels& labels, std::function<double()> read) {
  const std::lock_guard lock(mutex_);
  family(name, help, Kind::counter_callback)
      .series.push_back({labels, nullptr, nullptr, nullptr, std::move(read)});
}

void Registry::gauge_samples(const std::string& name, const std::string& help,
                             std::function<std::vector<LabeledValue>()> read) {
  const std::lock_guard lock(mutex_);
  auto& f = family(name, help, Kind::gauge_samples);
  if (f.read_samples) {
    throw std::logic_error("metric " + name + " already has a reader");
  }
  f.read_samples = std::move(read);
}

void Registry::omit_while_zero(const std::string& name) {
  const std::lock_guard lock(mutex_);
  for (auto& f : families_) {
    if (f.name == name) {
      f.omit_zero = true;
      return;
    }
  }
  throw std::logic_error("no metric " + name + " to omit while zero");
}

Registry::FamilyReads Registry::read_families() const {
  std::vector<std::pair<const Family*, std::function<std::vector<LabeledValue>()>>> readers;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& f : families_) {
      if (f.read_samples) {
        readers.emplace_back(&f, f.read_samples);
      }
    }
  }
  FamilyReads reads;
  for (const auto& [f, read] : readers) {
    try {
      reads.emplace_back(f, read());
    } catch (const std::exception&) {
      // Left out of this page.
    }
  }
  return reads;
}

std::string Registry::render() const {
  const FamilyReads samples = read_families();
  const std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(64 * 1024);
  for (const auto& f : families_) {
    const bool histogram = f.kind == Kind::histogram;
    const bool counter = f.kind == Kind::counter || f.kind == Kind::counter_callback;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, f.help, f.name,
                       type_name(histogram, counter));
    for (const auto& [read_from, read] : samples) {
      if (read_from == &f) {
        for (const auto& sample : read) {
          out += fmt::format("{}{} {}\n", f.name, label_text(sample.labels, nullptr),
                             number(sample.value));
        }
      }
    }
    for (const auto& s : f.series) {
      if (f.omit_zero && ((s.counter != nullptr && s.counter->value() == 0) ||
                          (s.histogram != nullptr && s.histogram->count() == 0))) {
        continue;
      }
      if (s.counter != nullptr) {
        out += fmt::format("{}{} {}\n", f.name, label_text(s.labels, nullptr), s.counter->value());
      } else if (s.gauge != nullptr) {
        out += fmt::format("{}{} {}\n", f.name, label_text(s.labels, nullptr), s.gauge->value());
      } else if (s.read) {
        out += fmt::format("{}{} {}\n", f.name, label_text(s.labels, nullptr), number(s.read()));
      } else if (s.histogram != nullptr) {
        const Histogram& h = *s.histogram;
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
          cumulative += h.bucket(i);
          const std::pair<std::string, std::string> le{
              "le", i < h.bounds().size() ? number(h.bounds()[i]) : "+Inf"};
          out += fmt::format("{}_bucket{} {}\n", f.name, label_text(s.labels, &le), cumulative);
        }
        // The count is the +Inf bucket's, so that the two agree in one scrape.
        out += fmt::format("{}_sum{} {}\n", f.name, label_text(s.labels, nullptr),
                           number(h.sum_seconds()));
        out += fmt::format("{}_count{} {}\n", f.name, label_text(s.labels, nullptr), cumulative);
      }
    }
  }
  return out;
}

}  // namespace microblog::metrics

#include <fmt/format.h>

#include "metrics/registry.hpp"

namespace microblog::metrics {

std::vector<Sample> Registry::samples() const {
  const FamilyReads reads = read_families();
  const std::lock_guard lock(mutex_);
  std::vector<Sample> out;
  for (const auto& f : families_) {
    const bool cumulative = f.kind == Kind::counter || f.kind == Kind::counter_callback;
    for (const auto& [read_from, values] : reads) {
      if (read_from == &f) {
        for (const auto& v : values) {
          out.push_back({f.name, v.labels, v.value, false});
        }
      }
    }
    for (const auto& s : f.series) {
      if (f.omit_zero && ((s.counter != nullptr && s.counter->value() == 0) ||
                          (s.histogram != nullptr && s.histogram->count() == 0))) {
        continue;
      }
      if (s.counter != nullptr) {
        out.push_back({f.name, s.labels, static_cast<double>(s.counter->value()), true});
      } else if (s.gauge != nullptr) {
        out.push_back({f.name, s.labels, static_cast<double>(s.gauge->value()), false});
      } else if (s.read) {
        out.push_back({f.name, s.labels, s.read(), cumulative});
      } else if (s.histogram != nullptr) {
        const Histogram& h = *s.histogram;
        std::uint64_t below = 0;
        for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
          below += h.bucket(i);
          Labels labels = s.labels;
          labels.emplace_back("le",
                              i < h.bounds().size() ? fmt::format("{}", h.bounds()[i]) : "+Inf");
          out.push_back({f.name + "_bucket", std::move(labels), static_cast<double>(below), true});
        }
        out.push_back({f.name + "_sum", s.labels, h.sum_seconds(), true});
        // The +Inf bucket's count, so that the two agree within one walk (as render() does).
        out.push_back({f.name + "_count", s.labels, static_cast<double>(below), true});
      }
    }
  }
  return out;
}

}  // namespace microblog::metrics

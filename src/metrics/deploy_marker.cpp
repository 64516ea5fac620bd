#include "metrics/deploy_marker.hpp"

namespace microblog::metrics {

void register_deploy_marker(Registry& registry, const std::string& version,
                            const std::string& commit, const std::string& color,
                            long long timestamp) {
  if (timestamp <= 0) {
    return;
  }
  const auto value = static_cast<double>(timestamp);
  registry.gauge_callback(
      "microblog_deploy_timestamp_seconds",
      "When the deploy that started this process began, seconds since the epoch",
      {{"version", version}, {"commit", commit}, {"color", color}}, [value] { return value; });
}

}  // namespace microblog::metrics

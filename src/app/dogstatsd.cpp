#include "app/dogstatsd.hpp"

#include <spdlog/spdlog.h>

#include "app/build_info.hpp"

namespace microblog::app {

std::unique_ptr<metrics::DogStatsd> start_dogstatsd(Core& core) {
  const config::Config& cfg = core.config();
  if (cfg.dd_agent_host.empty()) {
    return nullptr;
  }
  metrics::DogStatsdOptions options;
  options.host = cfg.dd_agent_host;
  options.port = cfg.dd_dogstatsd_port;
  options.interval = std::chrono::seconds(cfg.dd_flush_seconds);
  // Datadog's unified service tagging: env, service and version on everything.
  if (!cfg.dd_env.empty()) {
    options.tags.push_back("env:" + cfg.dd_env);
  }
  options.tags.push_back("service:" + cfg.dd_service);
  options.tags.push_back("version:" + (cfg.dd_version.empty() ? build_version() : cfg.dd_version));
  for (auto& tag : metrics::split_dogstatsd_tags(cfg.dd_tags)) {
    options.tags.push_back(std::move(tag));
  }
  spdlog::info("DogStatsD: sending metrics to {}:{} every {} s", cfg.dd_agent_host,
               cfg.dd_dogstatsd_port, cfg.dd_flush_seconds);
  return std::make_unique<metrics::DogStatsd>(core.metrics(), std::move(options));
}

}  // namespace microblog::app

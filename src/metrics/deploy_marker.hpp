#pragma once

#include <string>

#include "metrics/registry.hpp"

namespace microblog::metrics {

// microblog_deploy_timestamp_seconds{version,commit,color}: when the deploy that started this
// process began (DEPLOY_TIMESTAMP, seconds since the epoch, set by deploy/bluegreen.sh and
// deploy/aws/deploy.sh). Dashboards draw a deploy where its value changes; a process started by
// hand (timestamp 0) has no such series.
void register_deploy_marker(Registry& registry, const std::string& version,
                            const std::string& commit, const std::string& color,
                            long long timestamp);

}  // namespace microblog::metrics

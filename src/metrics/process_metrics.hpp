#pragma once

#include <string>

#include "metrics/registry.hpp"

namespace microblog::metrics {

// The process's own figures, read at each scrape from /proc and getrusage: resident memory,
// CPU seconds, open file descriptors and start time, with the standard process_* names; and
// microblog_build_info{version,commit} 1.
void register_process_metrics(Registry& registry, const std::string& version,
                              const std::string& commit);

}  // namespace microblog::metrics

#pragma once

#include <memory>

#include "app/core.hpp"
#include "metrics/dogstatsd.hpp"

namespace microblog::app {

// The DogStatsD emitter DD_AGENT_HOST asks for, flushing the core's registry; null when it is
// not set. Its owner keeps it for as long as what the metrics read lives: `serve` and `worker`
// end it before the server and the workers they read from.
std::unique_ptr<metrics::DogStatsd> start_dogstatsd(Core& core);

}  // namespace microblog::app

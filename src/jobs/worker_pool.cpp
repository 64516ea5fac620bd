#include "jobs/worker_pool.hpp"

#include <spdlog/spdlog.h>

namespace microblog::jobs {

WorkerPool::WorkerPool(Runner& runner, int threads, std::chrono::milliseconds poll)
    : runner_(runner), poll_(poll) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { loop(); });
  }
}

WorkerPool::~WorkerPool() {
  runner_.stop();
  for (auto& t : threads_) {
    t.join();
  }
}

void WorkerPool::loop() {
  while (!runner_.stopped()) {
    bool ran = false;
    try {
      ran = runner_.run_one();
    } catch (const std::exception& e) {
      // The database may be away for a moment; the next poll tries again.
      spdlog::warn("job worker: {}", e.what());
    }
    if (!ran && runner_.wait(poll_)) {
      break;
    }
  }
}

}  // namespace microblog::jobs

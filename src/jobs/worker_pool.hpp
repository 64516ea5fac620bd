#pragma once

#include <chrono>
#include <thread>
#include <vector>

#include "jobs/job_queue.hpp"

namespace microblog::jobs {

// Threads that run jobs until stopped. An idle thread sleeps on the runner's condition variable
// for `poll` (or until a job is enqueued in this process), never in a busy loop.
class WorkerPool {
 public:
  WorkerPool(Runner& runner, int threads, std::chrono::milliseconds poll);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  // Stops: a running job finishes first (its lease bounds how long that takes).
  ~WorkerPool();

 private:
  void loop();

  Runner& runner_;
  std::chrono::milliseconds poll_;
  std::vector<std::thread> threads_;
};

}  // namespace microblog::jobs

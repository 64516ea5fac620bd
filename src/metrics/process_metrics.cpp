#include "metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace microblog::metrics {
namespace {

double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0;
  long pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double open_fds() {
  std::error_code ec;
  double n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace

void register_process_metrics(Registry& registry, const std::string& version,
                              const std::string& commit) {
  const double started =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  registry.gauge_callback("process_resident_memory_bytes", "Resident memory size in bytes", {},
                          resident_bytes);
  registry.counter_callback("process_cpu_seconds_total", "User and system CPU time in seconds", {},
                            cpu_seconds);
  registry.gauge_callback("process_open_fds", "Open file descriptors", {}, open_fds);
  registry.gauge_callback("process_start_time_seconds",
                          "Start time of the process since the epoch, in seconds", {},
                          [started] { return started; });
  registry.gauge_callback("microblog_build_info", "The running build: always 1",
                          {{"version", version}, {"commit", commit}}, [] { return 1.0; });
}

}  // namespace microblog::metrics

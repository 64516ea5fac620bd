#include "jobs/test_jobs.hpp"

#include "util/fifo.hpp"

namespace microblog::jobs {

Handler hold_then(std::string dir, Handler then) {
  return [dir = std::move(dir), then = std::move(then)](JobContext& ctx) {
    ctx.progress(50);
    util::fifo_handshake(dir + "/job-entered", dir + "/job-release");
    then(ctx);
  };
}

}  // namespace microblog::jobs

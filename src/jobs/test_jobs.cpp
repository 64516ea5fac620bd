#include "jobs/test_jobs.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace microblog::jobs {

Handler hold_then(std::string dir, Handler then) {
  return [dir = std::move(dir), then = std::move(then)](JobContext& ctx) {
    ctx.progress(50);
    const std::string entered = dir + "/job-entered";
    const std::string release = dir + "/job-release";
    const int out = ::open(entered.c_str(), O_WRONLY);
    if (out >= 0) {
      const char byte = '1';
      (void)!::write(out, &byte, 1);
      ::close(out);
    }
    const int in = ::open(release.c_str(), O_RDONLY);
    if (in >= 0) {
      char byte = 0;
      (void)!::read(in, &byte, 1);
      ::close(in);
    }
    then(ctx);
  };
}

}  // namespace microblog::jobs

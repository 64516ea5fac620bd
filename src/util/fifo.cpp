#include "util/fifo.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace microblog::util {
namespace {

template <typename Call>
auto retry_interrupted(Call call) {
  auto r = call();
  while (r < 0 && errno == EINTR) {
    r = call();
  }
  return r;
}

}  // namespace

void fifo_handshake(const std::string& entered, const std::string& release) {
  const int out = retry_interrupted([&] { return ::open(entered.c_str(), O_WRONLY); });
  if (out >= 0) {
    const char byte = '1';
    (void)retry_interrupted([&] { return ::write(out, &byte, 1); });
    ::close(out);
  }
  const int in = retry_interrupted([&] { return ::open(release.c_str(), O_RDONLY); });
  if (in >= 0) {
    char byte = 0;
    (void)retry_interrupted([&] { return ::read(in, &byte, 1); });
    ::close(in);
  }
}

}  // namespace microblog::util

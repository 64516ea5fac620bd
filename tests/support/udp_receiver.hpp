#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace microblog::testing {

// A UDP socket bound on 127.0.0.1 (a port the system picks) that stands in for a Datadog agent:
// it only receives datagrams.
class UdpReceiver {
 public:
  UdpReceiver();
  UdpReceiver(const UdpReceiver&) = delete;
  UdpReceiver& operator=(const UdpReceiver&) = delete;
  ~UdpReceiver();

  unsigned short port() const { return port_; }
  // The next datagram, or nothing when none came within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  unsigned short port_ = 0;
};

}  // namespace microblog::testing

#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

namespace microblog::testing {

// A TCP connection to 127.0.0.1 that sends exactly the bytes a test gives it (framing, repeated
// header lines, requests a well-behaved client would not write) and reads answers as they
// come. Every wait has a deadline.
class RawConnection {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  static constexpr std::chrono::milliseconds kDefaultTimeout{10000};

  // Throws std::runtime_error when the connection cannot be made within the timeout.
  explicit RawConnection(unsigned short port, std::chrono::milliseconds timeout = kDefaultTimeout);
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&& other) = delete;
  ~RawConnection();

  // Sends all of `bytes`; false when the peer closed or reset the connection first, or did not
  // take them within the timeout.
  bool send(std::string_view bytes);

  enum class Outcome { response, closed, timed_out };
  struct Answer {
    Outcome outcome = Outcome::timed_out;
    Response response;  // when outcome is response
  };
  // One whole response; `closed` when the connection ended (end of stream or reset) before
  // one was complete, `timed_out` when `wait` passed first.
  Answer read_response(std::chrono::milliseconds wait);
  Answer read_response() { return read_response(timeout_); }

  void close();

 private:
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string pending_;  // received, not yet parsed (the start of a pipelined answer)
};

// For test failure messages: "response", "closed", "timed out".
std::ostream& operator<<(std::ostream& out, RawConnection::Outcome outcome);

}  // namespace microblog::testing

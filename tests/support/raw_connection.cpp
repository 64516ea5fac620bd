#include "support/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <boost/asio/buffer.hpp>

namespace microblog::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Waits for `events` on `fd` until `deadline`; false when it passed first.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(left, 0)));
    if (n > 0) {
      return true;
    }
    if (n == 0) {
      return false;
    }
    if (errno != EINTR) {
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
  }
}

}  // namespace

RawConnection::RawConnection(unsigned short port, std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS) {
      const std::string why = std::strerror(errno);
      close();
      throw std::runtime_error("connect: " + why);
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (!wait_for(fd_, POLLOUT, Clock::now() + timeout_) ||
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
      close();
      throw std::runtime_error("connect: timed out or refused");
    }
  }
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), timeout_(other.timeout_), pending_(std::move(other.pending_)) {
  other.fd_ = -1;
}

RawConnection::~RawConnection() {
  close();
}

void RawConnection::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

bool RawConnection::send(std::string_view bytes) {
  const auto deadline = Clock::now() + timeout_;
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd_, POLLOUT, deadline)) {
        return false;
      }
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return false;  // EPIPE, ECONNRESET: the server ended the connection
    }
  }
  return true;
}

RawConnection::Answer RawConnection::read_response(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  namespace bhttp = boost::beast::http;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(64 * 1024 * 1024);
  Answer answer;
  boost::beast::error_code ec;
  for (;;) {
    if (!pending_.empty()) {
      const std::size_t used = parser.put(boost::asio::buffer(pending_), ec);
      pending_.erase(0, used);
      if (ec && ec != bhttp::error::need_more) {
        throw std::runtime_error("unparsable response: " + ec.message());
      }
      if (parser.is_done()) {
        answer.outcome = Outcome::response;
        answer.response = parser.release();
        return answer;
      }
    }
    if (!wait_for(fd_, POLLIN, deadline)) {
      answer.outcome = Outcome::timed_out;
      return answer;
    }
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      pending_.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      continue;
    } else {
      // The end of the stream completes an answer whose length is "until the end" only.
      if (n == 0 && parser.got_some()) {
        parser.put_eof(ec);
        if (!ec && parser.is_done()) {
          answer.outcome = Outcome::response;
          answer.response = parser.release();
          return answer;
        }
      }
      answer.outcome = Outcome::closed;
      return answer;
    }
  }
}

std::ostream& operator<<(std::ostream& out, RawConnection::Outcome outcome) {
  switch (outcome) {
    case RawConnection::Outcome::response:
      return out << "response";
    case RawConnection::Outcome::closed:
      return out << "closed";
    case RawConnection::Outcome::timed_out:
      return out << "timed out";
  }
  return out << "?";
}

}  // namespace microblog::testing

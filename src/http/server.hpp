#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/client_address.hpp"
#include "http/message.hpp"

namespace microblog::config {
struct Config;
}

namespace microblog::http {

struct ListenAddress {
  std::string host;
  unsigned short port = 0;
};

// Parses "HOST:PORT" or "[V6]:PORT"; throws config::ConfigError.
ListenAddress parse_listen_address(const std::string& text);

// The process's soft RLIMIT_NOFILE (RLIM_INFINITY read as the kernel's usual ceiling, 1048576).
std::size_t descriptor_limit();

// Descriptors `serve` needs besides its connections, for this configuration.
std::size_t descriptor_reserve(const config::Config& cfg);

// An HTTP/1.1 server on Boost.Beast: keep-alive, threads running the application, limits on
// header size, body size, read time and open connections, and a graceful stop (no new
// connections, idle ones closed, requests in progress finished within the grace period).
//
// Each connection belongs to one of `threads` threads, each with a scheduler of its own, which
// reads its requests, runs those that only read (GET, HEAD, OPTIONS) and writes every answer:
// with one scheduler shared by all threads, a request went from thread to thread, and waking
// the next one cost about two futex calls a request. A request that may change something
// (every other method) runs on a pool of `change_threads` shared by all connections instead:
// it may wait for SQLite's one writer, a password hash or another service, and the other
// connections of its thread must not wait with it. A thread of its own runs the acceptor, the
// signals and the stop, so that a handler that blocks cannot hold them up.
class Server {
 public:
  struct Options {
    ListenAddress listen;
    int threads = 4;
    int change_threads = 4;
    std::size_t body_limit = 1024 * 1024;
    // Also the limit for the chunk sizes, chunk extensions and trailer of a chunked body
    // together, which Beast's body limit does not count.
    std::size_t header_limit = 16 * 1024;
    std::chrono::seconds read_timeout{15};
    std::chrono::seconds keepalive_timeout{60};
    std::chrono::seconds shutdown_grace{20};
    // Connections past this many are closed as soon as they are accepted.
    std::size_t max_connections = 10000;
    std::size_t max_form_fields = 100;
    TrustedProxies trusted_proxies;
    // Each request that only reads goes to the back of its connection thread's queue before
    // the application runs it.
    bool fair_order = true;
  };
  using App = std::function<Response(Request&)>;
  // Answers for requests that never reach the application (too large, malformed, too slow).
  using ErrorPage = std::function<Response(Status, const Request&)>;

  Server(Options options, App app, ErrorPage error_page);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Binds and listens; throws std::runtime_error with one line saying why it cannot.
  void bind();
  unsigned short port() const;

  // Stops gracefully on SIGTERM or SIGINT.
  void stop_on_signals();

  // Serves until stopped; returns true when every request finished within the grace period.
  bool run();

  // Starts the graceful stop; callable from any thread.
  void request_stop();

  // Connections accepted and not yet closed (those closed at once over MAX_CONNECTIONS are
  // not counted). Any thread; for the metrics.
  std::size_t open_connections() const { return open_connections_.load(std::memory_order_relaxed); }

 private:
  struct Connection;
  class Session;
  void start_accepting();
  void on_connection_closed(const std::shared_ptr<Connection>& c);
  // Gives up the connection's place under max_connections (once; any thread).
  void release(Connection& c);
  void finish_if_drained();

  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  Options options_;
  App app_;
  ErrorPage error_page_;
  // Runs the acceptor, the signals and the stop sequence, on the thread that calls run().
  boost::asio::io_context control_context_{1};
  boost::asio::io_context::executor_type control_;
  // One per connection thread.
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  // Keep the schedulers of threads with no connection running until run()'s control thread
  // returns.
  std::vector<WorkGuard> keep_running_;
  std::size_t next_context_ = 0;  // the thread the next connection goes to; on control_ only
  boost::asio::thread_pool changes_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer grace_timer_;
  std::atomic<bool> stopping_{false};
  bool stop_started_ = false;  // on control_ only
  std::atomic<bool> forced_{false};
  std::mutex connections_mutex_;
  std::set<std::shared_ptr<Connection>> connections_;
  // Counted apart from connections_ and released before a socket is closed, so that a client
  // who saw its connection end can count on its slot being free.
  std::atomic<std::size_t> open_connections_{0};
  // Waited on, on control_, after an accept failed; a connection closing cuts it short.
  boost::asio::steady_timer accept_backoff_;
  std::atomic<bool> accept_paused_{false};
};

// The server's options from the configuration (LISTEN, the limits, TRUSTED_PROXIES together
// with TRUST_PROXY, MAX_CONNECTIONS or its default); throws config::ConfigError.
Server::Options server_options(const config::Config& cfg);

}  // namespace microblog::http

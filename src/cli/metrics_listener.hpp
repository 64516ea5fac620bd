#pragma once

#include <memory>
#include <thread>

#include "app/application.hpp"
#include "http/server.hpp"

namespace microblog::cli {

// The second address `serve` listens on when METRICS_LISTEN is set: GET /metrics without a
// token, 404 for anything else (Application::metrics_listener), on a thread of its own from
// construction until destruction, which stops it and waits.
class MetricsListener {
 public:
  // Binds (throws std::runtime_error when it cannot) and starts serving. `main` gives the
  // limits; the address is `address` and one thread is enough.
  MetricsListener(app::Application& application, const http::ListenAddress& address,
                  http::Server::Options main);
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;
  ~MetricsListener();

  unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace microblog::cli

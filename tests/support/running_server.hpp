#pragma once

#include <memory>
#include <thread>

#include "http/server.hpp"

namespace microblog::testing {

// The HTTP server alone, without the application, on 127.0.0.1 (a port the system picks) and a
// thread of its own from construction until destruction. Error pages are the plain text
// "error"; `options.listen` is overwritten.
class RunningServer {
 public:
  RunningServer(http::Server::Options options, http::Server::App app);
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  ~RunningServer();  // asks the server to stop and waits for its thread

  unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace microblog::testing

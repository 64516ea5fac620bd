#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "app/application.hpp"
#include "config/config.hpp"
#include "http/server.hpp"
#include "support/log_capture.hpp"

namespace microblog::testing {

// Settings every test server starts from: a fixed SECRET_KEY, cheap argon2 parameters (the
// production cost would make a suite with hundreds of logins take minutes) and quiet logs.
std::map<std::string, std::string> test_environment(const std::string& database_url);

// Builds a Config as the process would from these variables.
config::Config test_config(const std::map<std::string, std::string>& env);

// The real Application behind the real Beast server on a free loopback port, in this process.
class TestServer {
 public:
  // With `capture`, every log line from info up (application and access log) also goes there,
  // from before the application starts; standard output still gets warnings only.
  explicit TestServer(const config::Config& cfg, std::shared_ptr<LogCapture> capture = nullptr);
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer();

  unsigned short port() const { return port_; }
  app::Application& app() { return *app_; }

 private:
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
};

}  // namespace microblog::testing

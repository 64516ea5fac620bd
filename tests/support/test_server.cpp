#include "support/test_server.hpp"

#include <spdlog/spdlog.h>

#include "app/logging.hpp"
#include "util/crypto.hpp"

namespace microblog::testing {

std::map<std::string, std::string> test_environment(const std::string& database_url) {
  return {{"DATABASE_URL", database_url}, {"SECRET_KEY", "test-secret-key-that-is-long-enough"},
          {"ARGON2_OPSLIMIT", "1"},       {"ARGON2_MEMLIMIT_KIB", "8"},
          {"WEB_THREADS", "4"},           {"DB_POOL_SIZE", "6"},
          {"LOG_FORMAT", "json"},         {"LOG_LEVEL", "warn"}};
}

config::Config test_config(const std::map<std::string, std::string>& env) {
  return config::load_config([&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TestServer::TestServer(const config::Config& cfg, std::shared_ptr<LogCapture> capture) {
  util::init_crypto();
  app::init_logging(cfg.log_format, cfg.log_level);
  spdlog::get("access")->set_level(spdlog::level::warn);
  if (capture) {
    // A logger's list of sinks has no lock of its own: it changes here, before the server's
    // threads start, and under the registry's lock, which spdlog's once-a-second flusher takes
    // before it walks the lists.
    spdlog::apply_all([&capture](const std::shared_ptr<spdlog::logger>& logger) {
      for (const auto& sink : logger->sinks()) {
        sink->set_level(spdlog::level::warn);
      }
      logger->sinks().push_back(capture);
      logger->set_level(spdlog::level::info);
    });
  }
  app_ = std::make_unique<app::Application>(cfg);
  http::Server::Options opt = http::server_options(cfg);
  opt.listen = {"127.0.0.1", 0};
  server_ = std::make_unique<http::Server>(
      opt, [this](http::Request& req) { return app_->handle(req); },
      [this](http::Status s, const http::Request& req) { return app_->server_error_page(s, req); });
  server_->bind();
  app_->count_connections(*server_);
  port_ = server_->port();
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
  server_->request_stop();
  thread_.join();
}

}  // namespace microblog::testing

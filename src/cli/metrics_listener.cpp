#include "cli/metrics_listener.hpp"

#include <spdlog/spdlog.h>

namespace microblog::cli {

MetricsListener::MetricsListener(app::Application& application, const http::ListenAddress& address,
                                 http::Server::Options main) {
  http::Server::Options opt = std::move(main);
  opt.listen = address;
  opt.threads = 1;
  opt.change_threads = 1;
  // A handful of scrapers: the site's allowance is not this listener's to spend.
  opt.max_connections = 64;
  server_ = std::make_unique<http::Server>(
      opt, [&application](http::Request& req) { return application.metrics_listener(req); },
      [](http::Status status, const http::Request& /*req*/) {
        return http::make_response(status,
                                   std::string(http::beast_http::obsolete_reason(status)) + "\n",
                                   "text/plain; charset=utf-8");
      });
  server_->bind();
  thread_ = std::thread([this] {
    try {
      server_->run();
    } catch (const std::exception& e) {
      spdlog::error("metrics listener failed: {}", e.what());
    }
  });
}

MetricsListener::~MetricsListener() {
  server_->request_stop();
  thread_.join();
}

}  // namespace microblog::cli

#include "support/running_server.hpp"

#include <utility>

#include "http/message.hpp"

namespace microblog::testing {

RunningServer::RunningServer(http::Server::Options options, http::Server::App app) {
  options.listen = {"127.0.0.1", 0};
  server_ = std::make_unique<http::Server>(std::move(options), std::move(app),
                                           [](http::Status s, const http::Request&) {
                                             return http::make_response(s, "error", "text/plain");
                                           });
  server_->bind();
  thread_ = std::thread([this] { server_->run(); });
}

RunningServer::~RunningServer() {
  server_->request_stop();
  thread_.join();
}

}  // namespace microblog::testing

#include <chrono>
#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"

namespace microblog::testing {
namespace {

namespace asio = boost::asio;

// The tests' HTTP client must fail a request that gets no answer, not wait for it forever: a
// server that hangs would otherwise hang the suite until ctest kills it, without saying where.
TEST(TestHttpClient, ASilentServerFailsTheRequestInsteadOfHangingIt) {
  asio::io_context ioc;
  // Listening but never accepting nor answering: the kernel completes the connection and takes
  // the request, and no byte ever comes back.
  asio::ip::tcp::acceptor silent(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  HttpClient client(silent.local_endpoint().port(), std::chrono::milliseconds(300));
  try {
    client.get("/index");
    FAIL() << "a request without an answer returned";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "GET /index: read: no answer within 300 ms");
  }
}

}  // namespace
}  // namespace microblog::testing

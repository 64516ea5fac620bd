// The HTTP server on its own, with a small application: how requests arrive in pieces or
// together and how answers leave when the client reads slowly. Requests are parsed from what is
// already buffered and answers written without waiting whenever the socket allows, so these
// check the paths where that is not possible.
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include "http/server.hpp"
#include "support/running_server.hpp"

namespace microblog::testing {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Larger than any socket send buffer plus receive buffer this kernel allows (wmem_max and
// rmem_max are a few MB), so its answer cannot be written without waiting for the reader.
constexpr std::size_t kBigBody = 32 * 1024 * 1024;

class ServerIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Server::Options opt;
    // One thread: an answer that blocked its thread while the client did not read would stop
    // the whole server, and the second client below would never be answered.
    opt.threads = 1;
    server_ = std::make_unique<RunningServer>(opt, [](http::Request& req) {
      if (req.path == "/big") {
        return http::make_response(http::Status::ok, std::string(kBigBody, 'b'), "text/plain");
      }
      return http::make_response(http::Status::ok, "echo " + req.path + " " + req.raw.body(),
                                 "text/plain");
    });
  }

  tcp::socket connect() {
    tcp::socket socket(ioc_);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    return socket;
  }

  static bhttp::response<bhttp::string_body> read_response(tcp::socket& socket,
                                                           boost::beast::flat_buffer& buffer) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kBigBody + 1);
    bhttp::read(socket, buffer, parser);
    return parser.release();
  }

  asio::io_context ioc_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(ServerIoTest, PipelinedRequestsAreAnsweredInOrder) {
  auto socket = connect();
  const std::string both =
      "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody";
  asio::write(socket, asio::buffer(both));
  boost::beast::flat_buffer buffer;
  EXPECT_EQ(read_response(socket, buffer).body(), "echo /first ");
  EXPECT_EQ(read_response(socket, buffer).body(), "echo /second body");
}

TEST_F(ServerIoTest, ARequestArrivingInPiecesIsReadToTheEnd) {
  auto socket = connect();
  // The header ends in the second piece and the body in the third: the server has parsed what
  // it had and must read on, whether the pieces reach it apart or together.
  asio::write(socket, asio::buffer(std::string("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-")));
  asio::write(socket, asio::buffer(std::string("Length: 6\r\n\r\nab")));
  asio::write(socket, asio::buffer(std::string("cdef")));
  boost::beast::flat_buffer buffer;
  const auto res = read_response(socket, buffer);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "echo /pieces abcdef");
}

TEST_F(ServerIoTest, AMalformedRequestIsABadRequest) {
  auto socket = connect();
  asio::write(socket, asio::buffer(std::string("GET /x HTTP/1.1\r\nBad Header\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  EXPECT_EQ(read_response(socket, buffer).result_int(), 400);
}

TEST_F(ServerIoTest, ASlowReaderGetsEverythingAndHoldsUpNoOne) {
  auto slow = connect();
  asio::write(slow, asio::buffer(std::string("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")));
  // Not reading yet. The answer cannot fit in the socket buffers, so the server's only thread
  // must have left it waiting to be written; another client is answered meanwhile.
  auto other = connect();
  asio::write(other, asio::buffer(std::string("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n")));
  boost::beast::flat_buffer other_buffer;
  EXPECT_EQ(read_response(other, other_buffer).body(), "echo /quick ");

  boost::beast::flat_buffer buffer;
  const auto res = read_response(slow, buffer);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body().size(), kBigBody);
  EXPECT_EQ(res.body().find_first_not_of('b'), std::string::npos);
  // And the connection still works for the next request.
  asio::write(slow, asio::buffer(std::string("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_EQ(read_response(slow, buffer).body(), "echo /after ");
}

}  // namespace
}  // namespace microblog::testing

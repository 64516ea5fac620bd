// Which thread runs what in http::Server: a connection's requests that only read run on the
// thread holding the connection, those that may change something on the pool shared by all
// connections, so that a change waiting on something slow holds up no other connection.
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
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

// Long enough for any machine to answer a request from memory, short enough for a hang to fail
// the test rather than stall the run.
constexpr auto kAnswerWithin = std::chrono::seconds(20);

// Sends one request on a connection of its own and returns the answer's body; "failed: ..." when
// the connection fails.
std::string exchange(unsigned short port, const std::string& request) {
  try {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(request));
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return res.body();
  } catch (const std::exception& e) {
    return std::string("failed: ") + e.what();
  }
}

TEST(ServerThreads, AChangeThatWaitsHoldsUpNoReaderOfItsThread) {
  http::Server::Options opt;
  // One connection thread: both connections below are on it.
  opt.threads = 1;
  opt.change_threads = 1;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server(opt, [&entered, released](http::Request& req) {
    if (req.method() == http::Verb::post) {
      entered.set_value();
      released.wait();
      return http::make_response(http::Status::ok, "changed", "text/plain");
    }
    return http::make_response(http::Status::ok, "read " + req.path, "text/plain");
  });

  auto change = std::async(std::launch::async, [&server] {
    return exchange(server.port(),
                    "POST /change HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
  });
  entered.get_future().wait();
  // The change waits in its handler; a reader on the same connection thread is answered.
  auto read = std::async(std::launch::async, [&server] {
    return exchange(server.port(), "GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  const bool read_answered = read.wait_for(kAnswerWithin) == std::future_status::ready;
  release.set_value();  // whatever happened, so that every thread can end
  EXPECT_TRUE(read_answered) << "the reader waited for the change";
  EXPECT_EQ(read.get(), "read /page");
  EXPECT_EQ(change.get(), "changed");
}

TEST(ServerThreads, ReadsRunOnTheConnectionsThreadAndChangesOnThePool) {
  http::Server::Options opt;
  opt.threads = 1;
  opt.change_threads = 1;
  std::promise<std::thread::id> reader_thread;
  std::promise<std::thread::id> change_thread;
  RunningServer server(opt, [&](http::Request& req) {
    (req.method() == http::Verb::post ? change_thread : reader_thread)
        .set_value(std::this_thread::get_id());
    return http::make_response(http::Status::ok, "ok", "text/plain");
  });
  EXPECT_EQ(exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "ok");
  EXPECT_EQ(exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
            "ok");
  auto reader = reader_thread.get_future();
  auto changer = change_thread.get_future();
  ASSERT_EQ(reader.wait_for(kAnswerWithin), std::future_status::ready);
  ASSERT_EQ(changer.wait_for(kAnswerWithin), std::future_status::ready);
  EXPECT_NE(reader.get(), changer.get());
}

}  // namespace
}  // namespace microblog::testing

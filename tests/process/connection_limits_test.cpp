// How many connections `serve` holds: MAX_CONNECTIONS, and what happens when the process runs
// out of file descriptors before that.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/raw_connection.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using Outcome = RawConnection::Outcome;
using Clock = std::chrono::steady_clock;

const std::string kGet = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kGetAndClose = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

std::map<std::string, std::string> serve_env(const std::string& database_url) {
  auto env = test_environment(database_url);
  env["LOG_FORMAT"] = "text";
  env["LOG_LEVEL"] = "info";
  // Nothing but the connections under test should open files while the tests count them.
  env["WORKERS_IN_SERVE"] = "false";
  return env;
}

// The status of the answer to `request` on `c`, or -1 when none came.
int status_of(RawConnection& c, const std::string& request) {
  if (!c.send(request)) {
    return -1;
  }
  const auto answer = c.read_response();
  return answer.outcome == Outcome::response ? answer.response.result_int() : -1;
}

// User plus system CPU time a process has used, from /proc/PID/stat.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) is in parentheses and may hold spaces; field 3 follows.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string skipped;
  for (int field = 3; field < 14; ++field) {
    fields >> skipped;
  }
  long long utime = 0;
  long long stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// Reads a child's standard output on a thread of its own until the child ends, so that its
// logging never blocks on a full pipe (a server stuck in write() uses no CPU, for the wrong
// reason). Stops the child if the test ends first.
class OutputReader {
 public:
  explicit OutputReader(ChildProcess& child)
      : child_(child), thread_([&child] { child.wait_for_line("a line nobody writes"); }) {}
  OutputReader(const OutputReader&) = delete;
  OutputReader& operator=(const OutputReader&) = delete;
  ~OutputReader() {
    if (thread_.joinable()) {
      child_.signal(SIGKILL);
      thread_.join();
    }
  }

  // Signals the child and waits for its output to end; its exit code.
  int stop(int signo) {
    child_.signal(signo);
    thread_.join();
    return child_.wait();
  }

 private:
  ChildProcess& child_;
  std::thread thread_;
};

TEST(ConnectionLimits, ConnectionsPastMaxConnectionsAreClosedAtOnce) {
  TestDatabase database("sqlite");
  auto env = serve_env(database.url());
  env["MAX_CONNECTIONS"] = "3";
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  const std::string line = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(line.empty()) << server.stderr_text();
  const auto port = port_of(line);

  std::vector<RawConnection> served;
  for (int i = 0; i < 3; ++i) {
    served.emplace_back(port);
    ASSERT_EQ(status_of(served.back(), kGet), 200) << "connection " << i;
  }
  const auto refusals_started = Clock::now();
  constexpr int kRefused = 20;
  for (int i = 0; i < kRefused; ++i) {
    RawConnection over(port);
    over.send(kGet);
    EXPECT_EQ(over.read_response().outcome, Outcome::closed) << "connection over the limit " << i;
  }
  const double refusing = std::chrono::duration<double>(Clock::now() - refusals_started).count();

  // The server gives up a connection's place before closing it: once the client sees the
  // end, the next connection fits.
  ASSERT_EQ(status_of(served.front(), kGetAndClose), 200);
  ASSERT_EQ(served.front().read_response().outcome, Outcome::closed);
  RawConnection next(port);
  EXPECT_EQ(status_of(next, kGet), 200);
  // The served ones still work.
  EXPECT_EQ(status_of(served.back(), kGet), 200);

  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.stderr_text();
  EXPECT_THAT(server.stdout_text(), HasSubstr("at most 3 connections"));
  // A warning at most once a second, however many are refused.
  const std::size_t warnings = occurrences(server.stdout_text(), "the most MAX_CONNECTIONS allows");
  EXPECT_GE(warnings, 1U);
  EXPECT_LE(warnings, static_cast<std::size_t>(refusing) + 1) << server.stdout_text();
}

TEST(ConnectionLimits, OutOfFileDescriptorsTheServerPausesInsteadOfSpinning) {
  TestDatabase database("sqlite");
  auto env = serve_env(database.url());
  // Not the limit this test meets: the descriptors run out first.
  env["MAX_CONNECTIONS"] = "10000";
  constexpr unsigned long kFileLimit = 64;
  constexpr int kClients = 100;
  auto server =
      ChildProcess::with_file_limit({"serve", "--listen", "127.0.0.1:0"}, env, kFileLimit);
  const std::string line = server->wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(line.empty()) << server->stderr_text();
  const auto port = port_of(line);
  const auto started = Clock::now();
  OutputReader output(*server);

  // More connections than the server has descriptors for. It accepts and answers what it
  // can; the rest stay in the listening socket's backlog, which keeps it readable, and each
  // accept of one fails with EMFILE.
  const double cpu_before = cpu_seconds(server->pid());
  const auto watch_started = Clock::now();
  std::vector<RawConnection> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(port);
    clients.back().send(kGet);
  }
  // The server is watched in that state for this long: answers from the accepted connections
  // come at once, and the others are not waited for past the end of it.
  const auto watch_end = Clock::now() + std::chrono::milliseconds(1500);
  int answered = 0;
  int waiting = 0;
  for (auto& c : clients) {
    const auto left =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>(watch_end - Clock::now()),
                 std::chrono::milliseconds(0));
    const auto answer = c.read_response(left);
    if (answer.outcome == Outcome::response) {
      EXPECT_EQ(answer.response.result_int(), 200);
      ++answered;
    } else if (answer.outcome == Outcome::timed_out) {
      ++waiting;
    }
  }
  const double wall = std::chrono::duration<double>(Clock::now() - watch_started).count();
  const double cpu = cpu_seconds(server->pid()) - cpu_before;
  EXPECT_GT(answered, 0);
  EXPECT_GT(waiting, 0) << "the server never ran out of descriptors";
  // Retrying accept at once would keep a core busy the whole time.
  EXPECT_LT(cpu, 0.25 * wall) << "CPU " << cpu << " s in " << wall << " s";

  // Once connections close the server accepts again: the waiting ones, then a new one.
  clients.clear();
  RawConnection after(port);
  EXPECT_EQ(status_of(after, kGetAndClose), 200);

  EXPECT_EQ(output.stop(SIGTERM), 0) << server->stderr_text();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const std::size_t warnings = occurrences(server->stdout_text(), "accept failed");
  EXPECT_GE(warnings, 1U);
  EXPECT_LE(warnings, static_cast<std::size_t>(seconds) + 2) << server->stdout_text();
}

}  // namespace
}  // namespace microblog::testing

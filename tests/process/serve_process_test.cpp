#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/database_url.hpp"
#include "db/migrations.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

std::map<std::string, std::string> env_for(const std::string& url) {
  auto env = test_environment(url);
  env["LOG_FORMAT"] = "text";
  env["LOG_LEVEL"] = "info";
  return env;
}

// The last line of standard error, which must be the whole story for an operator.
void expect_one_clear_line(const std::string& err, const std::string& fragment) {
  EXPECT_THAT(err, HasSubstr(fragment));
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

class ServeProcess : public ::testing::TestWithParam<std::string> {};

TEST_P(ServeProcess, SigtermLetsAnInFlightRequestFinishThenExitsZero) {
  TestDatabase database(GetParam());
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mbhold-" + std::to_string(::getpid()) + "-" + GetParam());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_EQ(::mkfifo((dir / "entered").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir / "release").c_str(), 0600), 0);
  auto env = env_for(database.url());
  env["MICROBLOG_TEST_HOLD_DIR"] = dir.string();
  ChildProcess server({"serve", "--listen", "127.0.0.1:0"}, env);
  // The plain line the server prints once its socket listens (the log line says it too, but
  // with a URL and the database address).
  const std::string line = server.wait_for_line("listening on 127.0.0.1:");
  ASSERT_FALSE(line.empty()) << server.stderr_text();

  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_of(line)});
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/_test/hold", 11};
  req.set(bhttp::field::host, "localhost");
  bhttp::write(socket, req);

  // The handler is now running: it has written to "entered".
  {
    std::ifstream entered(dir / "entered");
    char byte = 0;
    entered.get(byte);
    ASSERT_EQ(byte, '1');
  }
  server.signal(SIGTERM);
  // Once this line is out the server has stopped accepting and marked itself as stopping.
  ASSERT_FALSE(server.wait_for_line("signal 15 received").empty());
  // Let the handler finish only now; its answer must still arrive in full.
  {
    std::ofstream release(dir / "release");
    release << 'g';
  }
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "released\n");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(server.wait(), 0) << server.stderr_text();
  EXPECT_THAT(server.stdout_text(), HasSubstr("stopped: every request finished"));
  std::filesystem::remove_all(dir);
}

TEST(ServeConfig, UnparsableDatabaseUrlIsOneLineAndNonZero) {
  std::string out;
  std::string err;
  auto env = env_for("postgres://nope");
  const int code = run_to_end({"serve", "--listen", "127.0.0.1:0"}, env, &out, &err);
  EXPECT_NE(code, 0);
  expect_one_clear_line(err, "DATABASE_URL 'postgres://nope' is not usable");
}

TEST(ServeConfig, UnreachableDatabaseIsOneLineAndNonZero) {
  std::string err;
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto env = env_for("mysql://user:secret@127.0.0.1:1/microblog");
  const int code = run_to_end({"serve", "--listen", "127.0.0.1:0"}, env, nullptr, &err);
  EXPECT_NE(code, 0);
  expect_one_clear_line(err, "cannot open database mysql://user:***@127.0.0.1:1/microblog");
  EXPECT_THAT(err, ::testing::Not(HasSubstr("secret")));
}

// Whatever is wrong with DATABASE_URL, the message names it without its password: such
// messages end up on consoles, in CI logs and in log storage.
TEST(ServeConfig, NoMessageAboutTheDatabaseShowsItsPassword) {
  const std::string password = "Hunter2-pa55word";
  // A server that is there, with the right user and database and the wrong password.
  TestDatabase reachable("mysql");
  const auto real = db::parse_database_url(reachable.url());
  const std::string wrong_password = "mysql://" + real.user + ":" + password + "@" + real.host +
                                     ":" + std::to_string(real.port) + "/" + real.database;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"mysql://user:" + password + "'q@127.0.0.1:1/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + " q@127.0.0.1:1/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + "@/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + "@127.0.0.1:1/", "DATABASE_URL"},
      {"mysql://:" + password + "@127.0.0.1:1/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + "@127.0.0.1:0/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + "/x@127.0.0.1:1/microblog", "DATABASE_URL"},
      {"postgres://user:" + password + "@db.internal/microblog", "DATABASE_URL"},
      {"mysql://user:" + password + "@127.0.0.1:1/microblog", "cannot open database"},
      {wrong_password, "cannot open database"},
  };
  for (const auto& [url, message] : cases) {
    SCOPED_TRACE(url);
    std::string out;
    std::string err;
    const int code = run_to_end({"serve", "--listen", "127.0.0.1:0"}, env_for(url), &out, &err);
    EXPECT_NE(code, 0);
    EXPECT_THAT(err, HasSubstr(message));
    EXPECT_THAT(out + err, ::testing::Not(HasSubstr(password)));
    EXPECT_THAT(out + err, ::testing::Not(HasSubstr("Hunter2")));
  }
}

TEST_P(ServeProcess, PortInUseIsOneLineAndNonZero) {
  TestDatabase database(GetParam());
  asio::io_context ioc;
  asio::ip::tcp::acceptor taken(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = taken.local_endpoint().port();
  std::string err;
  const int code = run_to_end({"serve", "--listen", "127.0.0.1:" + std::to_string(port)},
                              env_for(database.url()), nullptr, &err);
  EXPECT_NE(code, 0);
  expect_one_clear_line(err, "cannot listen on 127.0.0.1:" + std::to_string(port));
  EXPECT_THAT(err, HasSubstr("in use"));
}

TEST_P(ServeProcess, RefusesASchemaNewerThanItKnows) {
  TestDatabase database(GetParam());
  {
    auto conn = database.db().connect();
    conn.sql() << "INSERT INTO schema_migrations (version, name, applied_us) "
                  "VALUES (9999, 'from_the_future', 0)";
  }
  std::string err;
  const int code =
      run_to_end({"serve", "--listen", "127.0.0.1:0"}, env_for(database.url()), nullptr, &err);
  EXPECT_NE(code, 0);
  expect_one_clear_line(err, "newer than this build");
}

TEST_P(ServeProcess, RefusesAnUnmigratedDatabase) {
  TestDatabase database(GetParam(), /*migrate=*/false);
  std::string err;
  const int code =
      run_to_end({"serve", "--listen", "127.0.0.1:0"}, env_for(database.url()), nullptr, &err);
  EXPECT_NE(code, 0);
  expect_one_clear_line(err, "run 'microblog db upgrade'");
}

TEST_P(ServeProcess, BadNumberInConfigurationIsOneLine) {
  TestDatabase database(GetParam());
  auto env = env_for(database.url());
  env["POSTS_PER_PAGE"] = "lots";
  std::string err;
  const int code = run_to_end({"serve"}, env, nullptr, &err);
  EXPECT_EQ(code, 2);
  expect_one_clear_line(err, "POSTS_PER_PAGE must be a whole number from 1 to 100, got 'lots'");
}

TEST(CliProcess, DbUpgradeIsIdempotentAndUserCommandsWork) {
  for (const auto& backend : all_backends()) {
    SCOPED_TRACE(backend);
    TestDatabase database(backend, /*migrate=*/false);
    const auto env = env_for(database.url());
    std::string out;
    ASSERT_EQ(run_to_end({"db", "upgrade"}, env, &out, nullptr), 0);
    EXPECT_THAT(out, HasSubstr("applied migration 1"));
    ASSERT_EQ(run_to_end({"db", "upgrade"}, env, &out, nullptr), 0);
    EXPECT_THAT(out, HasSubstr("already current"));

    std::string err;
    ASSERT_EQ(run_to_end({"user", "create", "--username", "admin", "--email", "admin@example.com"},
                         env, &out, &err, "first password\n"),
              0)
        << err;
    EXPECT_THAT(out, HasSubstr("created user admin"));
    EXPECT_NE(run_to_end({"user", "create", "--username", "ADMIN", "--email", "x@example.com"}, env,
                         &out, &err, "first password\n"),
              0);
    EXPECT_THAT(err, HasSubstr("Please use a different username."));
    ASSERT_EQ(run_to_end({"user", "set-password", "--username", "admin"}, env, &out, &err,
                         "second password\n"),
              0)
        << err;
    EXPECT_NE(
        run_to_end({"user", "set-password", "--username", "admin"}, env, &out, &err, "short\n"), 0);
    EXPECT_THAT(err, HasSubstr("at least 8 characters"));
    // The new password is the one that works now.
    TestServer server(test_config(test_environment(database.url())));
    auto& accounts = server.app().accounts();
    EXPECT_EQ(accounts.authenticate("admin", "first password", "10.0.0.1").kind,
              services::LoginResult::Kind::invalid);
    EXPECT_EQ(accounts.authenticate("admin", "second password", "10.0.0.1").kind,
              services::LoginResult::Kind::ok);
  }
}

TEST(CliProcess, RoutesListsEveryRouteWithItsPolicyWithoutADatabase) {
  // No DATABASE_URL: the command builds the application over a throwaway database of its own.
  std::string out;
  std::string err;
  ASSERT_EQ(run_to_end({"routes"}, {{"PATH", "/usr/bin:/bin"}}, &out, &err), 0) << err;
  EXPECT_THAT(out, ::testing::ContainsRegex(R"(GET +/healthz +public anyone - html)"));
  EXPECT_THAT(out, ::testing::ContainsRegex(R"(POST +/index +session signed-in csrf html)"));
  EXPECT_THAT(out, ::testing::ContainsRegex(R"(GET +/auth/login +session signed-out csrf html)"));
  EXPECT_THAT(out, ::testing::ContainsRegex(R"(POST +/auth/logout +session anyone csrf html)"));
  // Nothing but the table: the logs stay quiet.
  EXPECT_THAT(out, ::testing::Not(HasSubstr("\"level\"")));
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeProcess, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace microblog::testing

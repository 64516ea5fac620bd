// Password hashing at and past its capacity, through the real server: hashes run on the
// hasher's threads, a full queue is answered 503 with Retry-After at once, and probes and
// pages keep answering while hashes are in flight. Hashes are held with the test hold (FIFOs),
// so "in flight" is a state the test sets up and observes, never a timing.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

int count_users(TestDatabase& database) {
  auto conn = database.db().connect();
  int n = 0;
  conn.sql() << "SELECT COUNT(*) FROM user", soci::into(n);
  return n;
}

class PasswordHashingTest : public HttpTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mbhashhttp-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Four request threads; at most one hash runs and one waits, so two threads stay free.
    start({{"WEB_THREADS", "4"},
           {"PASSWORD_HASH_CONCURRENCY", "1"},
           {"PASSWORD_HASH_QUEUE", "1"},
           {"PASSWORD_HASH_WAIT_SECONDS", "3600"},
           {"MICROBLOG_TEST_HOLD_DIR", dir_.string()}});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // From now on every hash waits at the hold (the server's own decoy hash was made already).
  void arm_hold() {
    ASSERT_EQ(::mkfifo((dir_ / "hash-release").c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo((dir_ / "hash-entered").c_str(), 0600), 0);
  }
  void wait_hash_entered() {
    std::ifstream entered(dir_ / "hash-entered");
    char byte = 0;
    entered.get(byte);
    EXPECT_EQ(byte, '1');
  }
  void release_hash() {
    std::ofstream release(dir_ / "hash-release");
    release << 'g';
  }

  // A registration sent on another thread; its page (and CSRF token) fetched first.
  std::future<HttpResult> register_async(const std::string& name) {
    auto c = std::make_shared<HttpClient>(client());
    c->get("/auth/register");
    return std::async(std::launch::async, [c, name] {
      return c->post_form("/auth/register", {{"username", name},
                                             {"email", name + "@example.com"},
                                             {"password", "long enough pw"},
                                             {"password2", "long enough pw"},
                                             {"csrf_token", c->csrf()}});
    });
  }

  std::filesystem::path dir_;
};

TEST_P(PasswordHashingTest, PastCapacityIs503WhileProbesAndPagesKeepAnswering) {
  register_user("susan", "susan@example.com");
  arm_hold();
  auto running = register_async("alice");
  wait_hash_entered();  // alice's hash runs on the hasher's only thread, held there
  auto waiting = register_async("bob");
  server().app().core().hasher().wait_until_in_flight(2);  // bob's waits in the queue

  // No room for a third hash: answered at once, with when to come back.
  auto c = client();
  const auto refused = c.submit("/auth/register", "/auth/register",
                                {{"username", "carol"},
                                 {"email", "carol@example.com"},
                                 {"password", "long enough pw"},
                                 {"password2", "long enough pw"}});
  EXPECT_EQ(refused.status, 503);
  EXPECT_GE(std::stoi(refused.header("retry-after")), 1);
  EXPECT_THAT(refused.body, HasSubstr("Please try again in"));
  const auto sign_in = c.submit("/auth/login", "/auth/login",
                                {{"username", "susan"}, {"password", "correct horse battery"}});
  EXPECT_EQ(sign_in.status, 503);
  EXPECT_FALSE(sign_in.header("retry-after").empty());

  // Two request threads are waiting on hashes; the others still serve.
  EXPECT_EQ(client().get("/healthz").status, 200);
  EXPECT_EQ(client().get("/auth/login").status, 200);  // a page with a session
  EXPECT_EQ(client().get("/static/css/app.css").status, 200);

  release_hash();       // alice's hash finishes...
  wait_hash_entered();  // ...and bob's starts
  release_hash();
  EXPECT_EQ(running.get().status, 302);
  EXPECT_EQ(waiting.get().status, 302);
  EXPECT_EQ(count_users(database()), 3);  // susan, alice, bob; never carol
}

INSTANTIATE_TEST_SUITE_P(Backends, PasswordHashingTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing

// The hasher's own threads and bounded queue. A hash is held in flight through the test hold
// (FIFOs in a folder), so that "full" is a state the test sets up, not a race it hopes to win.
#include "services/password_hasher.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "util/crypto.hpp"

namespace microblog::testing {
namespace {

// One hash at a time held: the test learns that it runs and says when it may go on.
class HashHold {
 public:
  HashHold()
      : dir_(std::filesystem::temp_directory_path() /
             ("mbhash-" + std::to_string(::getpid()) + "-" + std::to_string(next_++))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~HashHold() { std::filesystem::remove_all(dir_); }

  // From now on every hash waits to be let through.
  void arm() {
    EXPECT_EQ(::mkfifo((dir_ / "hash-release").c_str(), 0600), 0);
    EXPECT_EQ(::mkfifo((dir_ / "hash-entered").c_str(), 0600), 0);
  }
  // Blocks until a hash is running (and held).
  void wait_entered() {
    std::ifstream entered(dir_ / "hash-entered");
    char byte = 0;
    entered.get(byte);
    EXPECT_EQ(byte, '1');
  }
  void release() {
    std::ofstream release(dir_ / "hash-release");
    release << 'g';
  }
  std::string dir() const { return dir_.string(); }

 private:
  static inline int next_ = 0;
  std::filesystem::path dir_;
};

class PasswordHasherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { util::init_crypto(); }

  static services::PasswordHasher::Settings settings(int threads, int queue,
                                                     std::chrono::milliseconds max_wait,
                                                     const std::string& hold_dir = "") {
    return {1, 8 * 1024, threads, queue, max_wait, hold_dir};
  }
};

TEST_F(PasswordHasherTest, HashesAndVerifiesOnItsOwnThreads) {
  services::PasswordHasher hasher(settings(2, 2, std::chrono::seconds(60)));
  const std::string stored = hasher.hash("correct horse");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0U);
  EXPECT_TRUE(hasher.verify(stored, "correct horse"));
  EXPECT_FALSE(hasher.verify(stored, "wrong horse"));
  EXPECT_FALSE(hasher.verify(hasher.decoy_hash(), "correct horse"));
}

TEST_F(PasswordHasherTest, BeyondThreadsAndQueueItAnswersBusyAtOnce) {
  HashHold hold;
  services::PasswordHasher hasher(settings(1, 1, std::chrono::hours(1), hold.dir()));
  hold.arm();
  auto running = std::async(std::launch::async, [&] { return hasher.hash("first one"); });
  hold.wait_entered();
  auto waiting = std::async(std::launch::async, [&] { return hasher.hash("second one"); });
  hasher.wait_until_in_flight(2);
  try {
    hasher.verify(hasher.decoy_hash(), "third one");
    ADD_FAILURE() << "a third hash was taken while one runs and one waits";
  } catch (const services::Busy& busy) {
    EXPECT_GE(busy.retry_after_seconds(), 1);
  }
  hold.release();
  hold.wait_entered();  // the waiting one runs now
  hold.release();
  EXPECT_EQ(running.get().rfind("$argon2id$", 0), 0U);
  EXPECT_EQ(waiting.get().rfind("$argon2id$", 0), 0U);
}

TEST_F(PasswordHasherTest, AHashNoThreadTakesInTimeIsGivenUpAndNeverRuns) {
  HashHold hold;
  services::PasswordHasher hasher(settings(1, 1, std::chrono::hours(1), hold.dir()));
  hold.arm();
  auto running = std::async(std::launch::async, [&] { return hasher.hash("first one"); });
  hold.wait_entered();
  // The only thread is held, so no thread can take the next hash: it gives up after its
  // (now very short) wait, whatever the scheduler does.
  hasher.set_max_wait(std::chrono::milliseconds(1));
  EXPECT_THROW(hasher.hash("second one"), services::Busy);
  EXPECT_EQ(hasher.in_flight(), 1);  // given up means gone from the queue: it never runs
  hasher.set_max_wait(std::chrono::hours(1));
  hold.release();
  EXPECT_EQ(running.get().rfind("$argon2id$", 0), 0U);
  // And the hasher goes on: the next hash is the next to run.
  auto next = std::async(std::launch::async, [&] { return hasher.hash("third one"); });
  hold.wait_entered();
  hold.release();
  EXPECT_EQ(next.get().rfind("$argon2id$", 0), 0U);
}

}  // namespace
}  // namespace microblog::testing

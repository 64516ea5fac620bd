// services::SessionReadBatch's rule: a request is answered only by a read that started after it
// arrived, and the requests that arrive while a read runs share one read after it.
#include "services/session_read_batch.hpp"

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace microblog::testing {
namespace {

// A reader whose first read stays inside until released; every row carries the number of the
// read that made it (as content_version), and each read's hashes are kept.
class HeldReader {
 public:
  std::vector<std::pair<std::string, db::SessionRow>> read(const std::vector<std::string>& hashes) {
    std::unique_lock lock(mutex_);
    const long long number = static_cast<long long>(calls_.size()) + 1;
    calls_.push_back(hashes);
    changed_.notify_all();
    if (number == 1) {
      changed_.wait(lock, [this] { return released_; });
    }
    if (number == fail_at_) {
      throw std::runtime_error("the database went away");
    }
    std::vector<std::pair<std::string, db::SessionRow>> rows;
    for (const auto& h : hashes) {
      db::SessionRow row;
      row.username = h;
      row.content_version = number;
      rows.emplace_back(h, row);
    }
    return rows;
  }
  void wait_for_calls(std::size_t n) {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(
        changed_.wait_for(lock, std::chrono::seconds(10), [&] { return calls_.size() >= n; }));
  }
  void release() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::vector<std::vector<std::string>> calls() {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  long long fail_at_ = 0;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::vector<std::string>> calls_;
  bool released_ = false;
};

services::SessionReadBatch batch_of(HeldReader& reader, std::size_t max_reads) {
  return services::SessionReadBatch(
      [&reader](const std::vector<std::string>& hashes) { return reader.read(hashes); }, 64,
      max_reads);
}

// Until `n` requests wait for a read to take them (a condition, with a deadline; no sleep).
void wait_for_waiting(services::SessionReadBatch& batch, std::size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (batch.waiting() < n) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "requests never queued";
    std::this_thread::yield();
  }
}

TEST(SessionReadBatchTest, ARequestArrivingDuringAReadIsAnsweredByALaterOne) {
  HeldReader reader;
  auto batch = batch_of(reader, 1);
  auto first = std::async(std::launch::async, [&] { return batch.find("a"); });
  reader.wait_for_calls(1);
  auto second = std::async(std::launch::async, [&] { return batch.find("a"); });
  wait_for_waiting(batch, 1);
  reader.release();
  EXPECT_EQ(first.get()->content_version, 1);
  // The first read began before the second request came: it could miss a write the second
  // request's client saw commit, so the second one waits for a read of its own.
  EXPECT_EQ(second.get()->content_version, 2);
}

TEST(SessionReadBatchTest, RequestsArrivingDuringAReadShareOneReadAfterIt) {
  HeldReader reader;
  auto batch = batch_of(reader, 1);
  auto first = std::async(std::launch::async, [&] { return batch.find("a"); });
  reader.wait_for_calls(1);
  std::vector<std::future<std::optional<db::SessionRow>>> later;
  for (const char* hash : {"b", "c", "c", "d"}) {
    later.push_back(std::async(std::launch::async, [&batch, hash] { return batch.find(hash); }));
  }
  wait_for_waiting(batch, 4);
  reader.release();
  first.get();
  std::vector<std::string> names;
  for (auto& f : later) {
    const auto row = f.get();
    ASSERT_TRUE(row);
    EXPECT_EQ(row->content_version, 2);
    names.push_back(row->username);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"b", "c", "c", "d"}));
  const auto calls = reader.calls();
  ASSERT_EQ(calls.size(), 2u);
  auto second = calls[1];
  std::sort(second.begin(), second.end());
  EXPECT_EQ(second, (std::vector<std::string>{"b", "c", "d"}));  // each session read once
}

TEST(SessionReadBatchTest, WithTwoReadsAtOnceALaterRequestDoesNotWaitForTheFirst) {
  HeldReader reader;
  auto batch = batch_of(reader, 2);
  auto first = std::async(std::launch::async, [&] { return batch.find("a"); });
  reader.wait_for_calls(1);
  // The first read is still held: the second request reads on its own meanwhile.
  const auto second = batch.find("b");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->content_version, 2);
  reader.release();
  EXPECT_EQ(first.get()->content_version, 1);
}

TEST(SessionReadBatchTest, AFailedReadIsTheErrorOfEveryRequestInIt) {
  HeldReader reader;
  reader.fail_at_ = 2;
  auto batch = batch_of(reader, 1);
  auto first = std::async(std::launch::async, [&] { return batch.find("a"); });
  reader.wait_for_calls(1);
  auto b = std::async(std::launch::async, [&] { return batch.find("b"); });
  auto c = std::async(std::launch::async, [&] { return batch.find("c"); });
  wait_for_waiting(batch, 2);
  reader.release();
  EXPECT_TRUE(first.get());
  EXPECT_THROW(b.get(), std::runtime_error);
  EXPECT_THROW(c.get(), std::runtime_error);
  // The next request is read again.
  EXPECT_EQ(batch.find("d")->content_version, 3);
}

TEST(SessionReadBatchTest, ASessionTheReadDidNotFindIsNone) {
  HeldReader reader;
  reader.release();
  services::SessionReadBatch batch(
      [&reader](const std::vector<std::string>& hashes) {
        auto rows = reader.read(hashes);
        rows.clear();
        return rows;
      },
      64, 1);
  EXPECT_FALSE(batch.find("gone"));
}

}  // namespace
}  // namespace microblog::testing

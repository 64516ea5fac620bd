#include "db/writer_queue.hpp"

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace microblog::db {
namespace {

using std::chrono::milliseconds;

// Waits until `n` writers are queued: the order they entered is then known.
void wait_until_waiting(WriterQueue& q, std::size_t n) {
  while (q.waiting() < n) {
    std::this_thread::yield();
  }
}

TEST(WriterQueue, WritersAreServedInTheOrderTheyArrived) {
  WriterQueue q;
  ASSERT_TRUE(q.acquire(milliseconds(1000)));
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> writers;
  for (int i = 0; i < 6; ++i) {
    writers.emplace_back([&, i] {
      ASSERT_TRUE(q.acquire(milliseconds(30000)));
      {
        const std::lock_guard lock(order_mutex);
        order.push_back(i);
      }
      q.release();
    });
    wait_until_waiting(q, static_cast<std::size_t>(i) + 1);
  }
  q.release();
  for (auto& t : writers) {
    t.join();
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(q.waiting(), 0U);
}

TEST(WriterQueue, AWriterThatGivesUpLeavesTheQueue) {
  WriterQueue q;
  ASSERT_TRUE(q.acquire(milliseconds(1000)));
  // First in line, gives up while the holder still holds: its ticket stays in the line.
  std::thread impatient([&] { EXPECT_FALSE(q.acquire(milliseconds(20))); });
  impatient.join();
  EXPECT_EQ(q.waiting(), 0U);
  bool patient_got_it = false;
  std::thread patient([&] {
    patient_got_it = q.acquire(milliseconds(30000));
    q.release();
  });
  wait_until_waiting(q, 1);
  // The turn passes over the writer that left to the one behind it.
  q.release();
  patient.join();
  EXPECT_TRUE(patient_got_it);
  // And the queue is free again.
  EXPECT_TRUE(q.acquire(milliseconds(0)));
  q.release();
}

}  // namespace
}  // namespace microblog::db

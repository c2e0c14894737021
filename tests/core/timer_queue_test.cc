#include "core/timer_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ekslite {
namespace {

using namespace std::chrono_literals;

TEST(TimerQueueTest, RunsCallbacksInTimeOrder) {
  TimerQueue timers;
  std::mutex mu;
  std::vector<int> order;
  auto now = TimerQueue::Clock::now();
  timers.Schedule(now + 60ms, [&] {
    std::lock_guard<std::mutex> l(mu);
    order.push_back(2);
  });
  timers.Schedule(now + 20ms, [&] {
    std::lock_guard<std::mutex> l(mu);
    order.push_back(1);
  });
  std::this_thread::sleep_for(150ms);
  std::lock_guard<std::mutex> l(mu);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(TimerQueueTest, CancelledCallbacksNeverRun) {
  TimerQueue timers;
  std::atomic<int> ran{0};
  // Cancel the timer the loop is waiting on, many times over.
  for (int i = 0; i < 50; ++i) {
    TimerQueue::Id id = timers.Schedule(TimerQueue::Clock::now() + 5ms, [&] { ++ran; });
    timers.Cancel(id);
  }
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(ran.load(), 0);
}

}  // namespace
}  // namespace ekslite

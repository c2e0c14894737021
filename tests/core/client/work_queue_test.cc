#include "core/client/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/testing/fake_clock.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;

class WorkQueueTest : public ::testing::Test {
 protected:
  WorkQueueOptions Options() {
    WorkQueueOptions o;
    o.clock = &clock_;
    return o;
  }
  testing::FakeClock clock_;
};

TEST_F(WorkQueueTest, QueuedKeysAreDeduplicated) {
  WorkQueue q(Options());
  q.Add("a");
  q.Add("b");
  q.Add("a");
  EXPECT_EQ(q.Len(), 2u);
  std::string key;
  ASSERT_TRUE(q.Get(&key));
  EXPECT_EQ(key, "a");
  ASSERT_TRUE(q.Get(&key));
  EXPECT_EQ(key, "b");
  EXPECT_EQ(q.Len(), 0u);
}

TEST_F(WorkQueueTest, KeyBeingProcessedIsNotHandedOutTwice) {
  WorkQueue q(Options());
  q.Add("a");
  std::string key;
  ASSERT_TRUE(q.Get(&key));
  q.Add("a");  // while processing: held back
  q.Add("a");
  EXPECT_EQ(q.Len(), 0u);
  q.Done("a");  // then processed once more
  EXPECT_EQ(q.Len(), 1u);
  ASSERT_TRUE(q.Get(&key));
  EXPECT_EQ(key, "a");
  q.Done("a");
  EXPECT_EQ(q.Len(), 0u);
}

TEST_F(WorkQueueTest, ConcurrentWorkersNeverShareAKey) {
  WorkQueue q;
  std::atomic<int> in_flight{0};
  std::atomic<bool> overlap{false};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      std::string key;
      while (q.Get(&key)) {
        if (in_flight.fetch_add(1) != 0) overlap = true;
        std::this_thread::sleep_for(100us);
        in_flight.fetch_sub(1);
        processed.fetch_add(1);
        q.Done(key);
      }
    });
  }
  for (int i = 0; i < 2000; ++i) q.Add("same");
  while (q.Len() > 0) std::this_thread::sleep_for(1ms);
  q.ShutDownWithDrain();
  for (auto& t : workers) t.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_GE(processed.load(), 1);
}

TEST_F(WorkQueueTest, ShutDownWakesGetAfterTheQueueDrains) {
  WorkQueue q(Options());
  q.Add("a");
  q.ShutDown();
  q.Add("b");  // ignored
  std::string key;
  ASSERT_TRUE(q.Get(&key));
  EXPECT_EQ(key, "a");
  EXPECT_FALSE(q.Get(&key));
  EXPECT_TRUE(q.ShuttingDown());

  WorkQueue waiting(Options());
  std::atomic<bool> returned{false};
  std::thread getter([&] {
    std::string k;
    EXPECT_FALSE(waiting.Get(&k));
    returned = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(returned.load());
  waiting.ShutDown();
  getter.join();
}

TEST_F(WorkQueueTest, ShutDownWithDrainWaitsForDone) {
  WorkQueue q(Options());
  q.Add("a");
  std::string key;
  ASSERT_TRUE(q.Get(&key));
  std::atomic<bool> drained{false};
  std::thread drainer([&] {
    q.ShutDownWithDrain();
    drained = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(drained.load());
  q.Done("a");
  drainer.join();
  EXPECT_TRUE(drained.load());
}

TEST_F(WorkQueueTest, AddAfterWaitsForTheClock) {
  WorkQueue q(Options());
  q.AddAfter("a", 1s);
  q.AddAfter("a", 5s);  // the earlier time stays
  q.AddAfter("b", 0s);  // at once
  EXPECT_EQ(q.Len(), 1u);
  clock_.Advance(999ms);
  EXPECT_EQ(q.Len(), 1u);
  clock_.Advance(1ms);
  EXPECT_EQ(q.Len(), 2u);
  clock_.Advance(10s);
  EXPECT_EQ(q.Len(), 2u);  // "a" was due once

  // A blocked Get wakes when the clock reaches a delayed key.
  WorkQueue later(Options());
  later.AddAfter("c", 1min);
  std::string key;
  std::thread getter([&] { EXPECT_TRUE(later.Get(&key)); });
  std::this_thread::sleep_for(20ms);
  clock_.Advance(1min);
  getter.join();
  EXPECT_EQ(key, "c");
}

TEST_F(WorkQueueTest, AddRateLimitedBacksOffPerKeyUntilForgotten) {
  WorkQueueOptions o = Options();
  o.rate_limiter = NewItemExponentialRateLimiter(5ms, 1000s);
  WorkQueue q(o);
  q.AddRateLimited("a");  // 5 ms
  EXPECT_EQ(q.NumRequeues("a"), 1);
  EXPECT_EQ(q.Len(), 0u);
  clock_.Advance(5ms);
  EXPECT_EQ(q.Len(), 1u);
  std::string key;
  ASSERT_TRUE(q.Get(&key));
  q.AddRateLimited("a");  // 10 ms, re-queued at Done
  q.Done("a");
  clock_.Advance(9ms);
  EXPECT_EQ(q.Len(), 0u);
  clock_.Advance(1ms);
  EXPECT_EQ(q.Len(), 1u);
  q.Forget("a");
  EXPECT_EQ(q.NumRequeues("a"), 0);
}

TEST_F(WorkQueueTest, DefaultLimiterIsUpstreamsControllerLimiter) {
  WorkQueue q(Options());  // max(5 ms..1000 s per key, 10 qps burst 100)
  q.AddRateLimited("a");
  EXPECT_EQ(q.Len(), 0u);
  clock_.Advance(5ms);
  EXPECT_EQ(q.Len(), 1u);
}

}  // namespace
}  // namespace ekslite::client

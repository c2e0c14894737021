#include "scheduler/scheduling_queue.h"

#include <gtest/gtest.h>

#include "tests/scheduler/test_objects.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::scheduler {
namespace {

using namespace std::chrono_literals;
using testing::PodBuilder;

class SchedulingQueueTest : public ::testing::Test {
 protected:
  SchedulingQueueTest() : queue_(SchedulingQueueOptions{&clock_, 1000ms, 10000ms, 300000ms}) {}
  std::string PopKey() {
    std::optional<QueuedPod> p = queue_.Pop();
    return p ? p->pod->key : "";
  }
  ekslite::testing::FakeClock clock_;
  SchedulingQueue queue_;
};

TEST_F(SchedulingQueueTest, HigherPriorityFirstThenOlder) {
  queue_.AddOrUpdate(PodBuilder("low").Priority(0).Info());
  clock_.Advance(1ms);
  queue_.AddOrUpdate(PodBuilder("high").Priority(100).Info());
  clock_.Advance(1ms);
  queue_.AddOrUpdate(PodBuilder("low2").Priority(0).Info());
  EXPECT_EQ(PopKey(), "default/high");
  EXPECT_EQ(PopKey(), "default/low");
  EXPECT_EQ(PopKey(), "default/low2");
}

TEST_F(SchedulingQueueTest, BackoffDoublesUpToTheMaximum) {
  queue_.AddOrUpdate(PodBuilder("p").Info());
  std::vector<std::chrono::milliseconds> waits;
  for (int attempt = 1; attempt <= 6; ++attempt) {
    std::optional<QueuedPod> p = queue_.Pop();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->attempts, attempt);
    queue_.AddUnschedulable(*p, /*backoff_only=*/true);
    auto expiry = queue_.BackoffExpiry("default/p");
    ASSERT_TRUE(expiry);
    waits.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(*expiry - clock_.Monotonic()));
    clock_.Advance(*expiry - clock_.Monotonic());
    queue_.Flush();
    EXPECT_EQ(queue_.ActiveCount(), 1u);
  }
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 4000ms, 8000ms, 10000ms,
                                                           10000ms}));
}

TEST_F(SchedulingQueueTest, UnschedulablePodsWaitForAClusterChange) {
  queue_.AddOrUpdate(PodBuilder("p").Info());
  std::optional<QueuedPod> p = queue_.Pop();
  queue_.AddUnschedulable(*p);
  EXPECT_EQ(queue_.UnschedulableCount(), 1u);
  clock_.Advance(30s);
  queue_.Flush();
  EXPECT_EQ(queue_.UnschedulableCount(), 1u);  // no change, not yet 5 minutes
  queue_.MoveAllToActiveOrBackoff();           // backoff (1 s) is over: activeQ
  EXPECT_EQ(queue_.ActiveCount(), 1u);
}

TEST_F(SchedulingQueueTest, ChangeDuringTheCycleSendsTheFailureToBackoff) {
  queue_.AddOrUpdate(PodBuilder("p").Info());
  std::optional<QueuedPod> p = queue_.Pop();
  queue_.MoveAllToActiveOrBackoff();  // e.g. a node was added while scheduling
  queue_.AddUnschedulable(*p);
  EXPECT_EQ(queue_.UnschedulableCount(), 0u);
  EXPECT_EQ(queue_.BackoffCount(), 1u);
}

TEST_F(SchedulingQueueTest, LeftoverUnschedulablePodsReturnAfterFiveMinutes) {
  queue_.AddOrUpdate(PodBuilder("p").Info());
  queue_.AddUnschedulable(*queue_.Pop());
  clock_.Advance(5min);
  queue_.Flush();
  EXPECT_EQ(queue_.ActiveCount(), 1u);
}

TEST_F(SchedulingQueueTest, SpecChangeMovesAnUnschedulablePod) {
  queue_.AddOrUpdate(PodBuilder("p").Info());
  queue_.AddUnschedulable(*queue_.Pop());
  queue_.AddOrUpdate(PodBuilder("p").Info(), /*spec_changed=*/false);
  EXPECT_EQ(queue_.UnschedulableCount(), 1u);
  clock_.Advance(2s);
  queue_.AddOrUpdate(PodBuilder("p").Label("a", "b").Info(), /*spec_changed=*/true);
  EXPECT_EQ(queue_.ActiveCount(), 1u);
}

TEST_F(SchedulingQueueTest, DeleteForgetsThePodEverywhere) {
  queue_.AddOrUpdate(PodBuilder("a").Info());
  queue_.AddOrUpdate(PodBuilder("b").Info());
  queue_.Delete("default/a");
  EXPECT_EQ(PopKey(), "default/b");
  queue_.Close();
  EXPECT_FALSE(queue_.Pop());
}

}  // namespace
}  // namespace ekslite::scheduler

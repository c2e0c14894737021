#include "core/client/rate_limiter.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

TEST(RateLimiterTest, ItemExponentialDoublesToTheCap) {
  auto limiter = NewItemExponentialRateLimiter(5ms, 1000s);
  EXPECT_EQ(limiter->When("a"), 5ms);
  EXPECT_EQ(limiter->When("a"), 10ms);
  EXPECT_EQ(limiter->When("a"), 20ms);
  EXPECT_EQ(limiter->When("b"), 5ms);  // per item
  EXPECT_EQ(limiter->NumRequeues("a"), 3);
  for (int i = 0; i < 100; ++i) (void)limiter->When("a");
  EXPECT_EQ(limiter->When("a"), 1000s);
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
  EXPECT_EQ(limiter->When("a"), 5ms);
}

TEST(RateLimiterTest, TokenBucketAllowsBurstThenSpacesCalls) {
  testing::FakeClock clock;
  auto limiter = NewTokenBucketRateLimiter(10, 100, clock);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter->When("x"), 0ms) << i;
  EXPECT_EQ(duration_cast<milliseconds>(limiter->When("x")), 100ms);
  EXPECT_EQ(duration_cast<milliseconds>(limiter->When("y")), 200ms);  // reserved ahead
  clock.Advance(1s);  // 10 tokens: 2 repay the reservations
  for (int i = 0; i < 8; ++i) EXPECT_EQ(limiter->When("z"), 0ms) << i;
  EXPECT_EQ(duration_cast<milliseconds>(limiter->When("z")), 100ms);
}

TEST(RateLimiterTest, MaxOfTakesTheLongest) {
  testing::FakeClock clock;
  std::vector<std::unique_ptr<RateLimiter>> limiters;
  limiters.push_back(NewItemExponentialRateLimiter(5ms, 1000s));
  limiters.push_back(NewTokenBucketRateLimiter(1, 1, clock));
  auto limiter = NewMaxOfRateLimiter(std::move(limiters));
  EXPECT_EQ(limiter->When("a"), 5ms);  // a token was there
  EXPECT_EQ(limiter->When("a"), 1s);   // the bucket is empty
  EXPECT_EQ(limiter->NumRequeues("a"), 2);
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
}

}  // namespace
}  // namespace ekslite::client

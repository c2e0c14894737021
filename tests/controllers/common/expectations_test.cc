#include "controllers/common/expectations.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace ekslite::controllers {
namespace {

TEST(ExpectationsTest, SatisfiedOnceEveryExpectedEventWasSeen) {
  testing::FakeClock clock;
  Expectations e(clock);
  EXPECT_TRUE(e.Satisfied("ns/rs"));
  e.Expect("ns/rs", 2, 1);
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  e.CreationObserved("ns/rs");
  e.CreationObserved("ns/rs");
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  e.DeletionObserved("ns/rs");
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(ExpectationsTest, ExpireAfterFiveMinutes) {
  testing::FakeClock clock;
  Expectations e(clock);
  e.Expect("ns/rs", 3, 0);
  clock.Advance(std::chrono::minutes(4));
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  clock.Advance(std::chrono::minutes(2));
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(ExpectationsTest, DeleteForgetsTheKey) {
  testing::FakeClock clock;
  Expectations e(clock);
  e.Expect("ns/rs", 1, 0);
  e.Delete("ns/rs");
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

}  // namespace
}  // namespace ekslite::controllers

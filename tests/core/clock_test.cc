#include "core/clock.h"

#include <gtest/gtest.h>

namespace ekslite {
namespace {

TEST(ClockTest, FormatsAndParsesRfc3339) {
  Clock::time_point t;
  ASSERT_TRUE(ParseRfc3339("2008-01-01T01:01:01Z", &t));
  EXPECT_EQ(FormatRfc3339(t), "2008-01-01T01:01:01Z");
  ASSERT_TRUE(ParseRfc3339("2008-01-01T03:01:01.250000+02:00", &t));
  EXPECT_EQ(FormatRfc3339Micro(t), "2008-01-01T01:01:01.250000Z");
  EXPECT_FALSE(ParseRfc3339("2008-01-01 01:01:01", &t));
  EXPECT_FALSE(ParseRfc3339("yesterday", &t));
}

}  // namespace
}  // namespace ekslite

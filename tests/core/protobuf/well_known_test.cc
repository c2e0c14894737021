#include "core/protobuf/well_known.h"

#include <gtest/gtest.h>

namespace ekslite::protobuf {
namespace {

TEST(WellKnownTest, FormatsTimes) {
  EXPECT_EQ(*FormatRfc3339(0, 0, false), "1970-01-01T00:00:00Z");
  EXPECT_EQ(*FormatRfc3339(1199149261, 0, false), "2008-01-01T01:01:01Z");
  EXPECT_EQ(*FormatRfc3339(1199149261, 999999999, false), "2008-01-01T01:01:01Z");
  EXPECT_EQ(*FormatRfc3339(951782400, 0, false), "2000-02-29T00:00:00Z");
  EXPECT_EQ(*FormatRfc3339(-1, 0, false), "1969-12-31T23:59:59Z");
  EXPECT_EQ(*FormatRfc3339(253402300799, 0, false), "9999-12-31T23:59:59Z");
  EXPECT_EQ(*FormatRfc3339(-62135596800, 0, false), "0001-01-01T00:00:00Z");
}

TEST(WellKnownTest, FormatsMicroTimes) {
  EXPECT_EQ(*FormatRfc3339(1262307661, 10000, true), "2010-01-01T01:01:01.000010Z");
  EXPECT_EQ(*FormatRfc3339(1262307661, 0, true), "2010-01-01T01:01:01.000000Z");
  EXPECT_EQ(*FormatRfc3339(1262307661, 123456789, true), "2010-01-01T01:01:01.123456Z");
}

TEST(WellKnownTest, RejectsOutOfRangeTimes) {
  EXPECT_FALSE(FormatRfc3339(253402300800, 0, false).ok());
  EXPECT_FALSE(FormatRfc3339(-62167219201, 0, false).ok());
  EXPECT_FALSE(FormatRfc3339(0, -1, false).ok());
  EXPECT_FALSE(FormatRfc3339(0, 1000000000, false).ok());
  EXPECT_FALSE(FormatRfc3339(INT64_MIN, 0, false).ok());
}

TEST(WellKnownTest, FormatsDurationsAsGoDoes) {
  constexpr int64_t kSecond = 1000000000;
  EXPECT_EQ(FormatGoDuration(0), "0s");
  EXPECT_EQ(FormatGoDuration(2), "2ns");
  EXPECT_EQ(FormatGoDuration(1000), "1\xC2\xB5s");
  EXPECT_EQ(FormatGoDuration(1500), "1.5\xC2\xB5s");
  EXPECT_EQ(FormatGoDuration(500000000), "500ms");
  EXPECT_EQ(FormatGoDuration(1500000), "1.5ms");
  EXPECT_EQ(FormatGoDuration(kSecond), "1s");
  EXPECT_EQ(FormatGoDuration(kSecond * 3 / 2), "1.5s");
  EXPECT_EQ(FormatGoDuration(kSecond * 3723), "1h2m3s");
  EXPECT_EQ(FormatGoDuration(kSecond * 3600), "1h0m0s");
  EXPECT_EQ(FormatGoDuration(kSecond * 60), "1m0s");
  EXPECT_EQ(FormatGoDuration(-kSecond * 120 - kSecond / 2), "-2m0.5s");
  EXPECT_EQ(FormatGoDuration(INT64_MIN), "-2562047h47m16.854775808s");
  EXPECT_EQ(FormatGoDuration(INT64_MAX), "2562047h47m16.854775807s");
}

}  // namespace
}  // namespace ekslite::protobuf

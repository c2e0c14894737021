#include "storage/key_range.h"

#include <gtest/gtest.h>

namespace ekslite::storage {
namespace {

TEST(KeyRangeTest, PrefixEndIncrementsTheLastByte) {
  EXPECT_EQ(PrefixEnd("/registry/pods/"), "/registry/pods0");
  EXPECT_EQ(PrefixEnd("a"), "b");
}

TEST(KeyRangeTest, PrefixEndSkipsTrailingFFBytes) {
  EXPECT_EQ(PrefixEnd(std::string("a\xff\xff", 3)), "b");
  EXPECT_EQ(PrefixEnd(std::string("\xff", 1)), "");
}

TEST(KeyRangeTest, EmptyPrefixIsUnbounded) { EXPECT_EQ(PrefixEnd(""), ""); }

TEST(KeyRangeTest, HasPrefix) {
  EXPECT_TRUE(HasPrefix("/pods/a", "/pods/"));
  EXPECT_TRUE(HasPrefix("/pods/a", ""));
  EXPECT_FALSE(HasPrefix("/pods", "/pods/"));
}

}  // namespace
}  // namespace ekslite::storage

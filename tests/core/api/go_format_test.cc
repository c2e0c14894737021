#include "core/api/go_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace ekslite::api {
namespace {

TEST(GoFormatTest, QuotesLikeStrconvQuote) {
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"", R"("")"},
      {"abc", R"("abc")"},
      {"a\"b\\c", R"("a\"b\\c")"},
      {"tab\tnl\ncr\r", R"("tab\tnl\ncr\r")"},
      {"\a\b\f\v", R"("\a\b\f\v")"},
      {std::string("nul\0x", 5), R"("nul\x00x")"},
      {"\x7f", R"("\x7f")"},
      {"caf\xc3\xa9", "\"caf\xc3\xa9\""},            // printable UTF-8 kept
      {"\xc2\xa0", R"("\u00a0")"},                   // no-break space
      {"\xe2\x80\x8b", R"("\u200b")"},               // zero-width space
      {"\xef\xbb\xbf", R"("\ufeff")"},               // BOM
      {"\xf3\xb0\x80\x80", R"("\U000f0000")"},       // private use plane
      {"\xff", R"("\xff")"},                         // invalid byte
      {"\xc3", R"("\xc3")"},                         // truncated sequence
      {"\xc0\xaf", R"("\xc0\xaf")"},                 // overlong encoding
      {"\xed\xa0\x80", R"("\xed\xa0\x80")"},         // surrogate
      {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},  // emoji
  };
  for (const Case& c : cases) EXPECT_EQ(GoQuote(c.in), c.want) << c.want;
}

TEST(GoFormatTest, RendersStringSlicesLikeSharpV) {
  EXPECT_EQ(GoStringSlice({}, true), "[]string(nil)");
  EXPECT_EQ(GoStringSlice({}, false), "[]string{}");
  EXPECT_EQ(GoStringSlice({"a"}, true), R"([]string{"a"})");
  EXPECT_EQ(GoStringSlice({"a", "b\"c"}, true), R"([]string{"a", "b\"c"})");
}

TEST(GoFormatTest, ParsesIntegersLikeParseInt) {
  EXPECT_EQ(ParseGoInt("0"), 0);
  EXPECT_EQ(ParseGoInt("42"), 42);
  EXPECT_EQ(ParseGoInt("+7"), 7);
  EXPECT_EQ(ParseGoInt("-7"), -7);
  EXPECT_EQ(ParseGoInt("007"), 7);
  EXPECT_EQ(ParseGoInt("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseGoInt("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  for (const char* bad : {"", "+", "-", " 1", "1 ", "1_000", "0x10", "1.0", "9223372036854775808",
                          "-9223372036854775809", "99999999999999999999999"}) {
    EXPECT_FALSE(ParseGoInt(bad).has_value()) << bad;
  }
}

TEST(GoFormatTest, DecodesRunesLikeGo) {
  size_t width;
  EXPECT_EQ(DecodeRune("a", &width), U'a');
  EXPECT_EQ(width, 1u);
  EXPECT_EQ(DecodeRune("\xc3\xa9", &width), U'\u00e9');
  EXPECT_EQ(width, 2u);
  EXPECT_EQ(DecodeRune("\xf4\x90\x80\x80", &width), 0xFFFDu);  // above U+10FFFF
  EXPECT_EQ(width, 1u);
  std::string out;
  AppendRune(U'\U0001F600', &out);
  EXPECT_EQ(out, "\xf0\x9f\x98\x80");
}

TEST(GoFormatTest, FormatsTimesLikeGoTimeString) {
  EXPECT_EQ(GoTimeString("2024-01-02T03:04:05Z"), "2024-01-02 03:04:05 +0000 UTC");
  EXPECT_EQ(GoTimeString("2024-01-02T01:04:05-02:30"), "2024-01-02 03:34:05 +0000 UTC");
  EXPECT_EQ(GoTimeString("2024-01-01T00:30:00+01:00"), "2023-12-31 23:30:00 +0000 UTC");
  EXPECT_EQ(GoTimeString("2024-02-29T12:00:00.500Z"), "2024-02-29 12:00:00.5 +0000 UTC");
  for (const char* bad : {"", "2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z",
                          "2024-01-02T03:04:05Zx", "2024-01-02 03:04:05Z"}) {
    EXPECT_FALSE(GoTimeString(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ekslite::api

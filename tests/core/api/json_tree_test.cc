#include "core/api/json_tree.h"

#include <gtest/gtest.h>

#include <string>

namespace ekslite::api {
namespace {

Json Parse(const std::string& text) {
  auto doc = ParseUntrustedJson(text);
  EXPECT_TRUE(doc.ok()) << text << ": " << doc.status().message();
  return std::move(doc).value();
}

TEST(JsonTreeTest, RejectsTooDeepBodiesWithGoMessage) {
  std::string ok = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_TRUE(ParseUntrustedJson(ok).ok());
  auto arrays = ParseUntrustedJson(std::string(10001, '[') + std::string(10001, ']'));
  ASSERT_FALSE(arrays.ok());
  EXPECT_EQ(arrays.status().code(), Code::kBadRequest);
  EXPECT_EQ(arrays.status().message(), "invalid character '[' exceeded max depth");
  std::string objects;
  for (int i = 0; i < 10001; ++i) objects += "{\"a\":";
  auto deep = ParseUntrustedJson(objects);  // also truncated: depth is checked first
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().message(), "invalid character '{' exceeded max depth");
  // A million brackets are rejected without recursion.
  EXPECT_FALSE(ParseUntrustedJson(std::string(1000000, '[')).ok());
  // Brackets inside strings do not count.
  std::string in_string = "[\"" + std::string(20000, '[') + "\\\"\"]";
  EXPECT_TRUE(ParseUntrustedJson(in_string).ok());
}

TEST(JsonTreeTest, ReportsSyntaxErrors) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "nul", "[1] 2", "\"\\x\""}) {
    auto doc = ParseUntrustedJson(bad);
    EXPECT_FALSE(doc.ok()) << bad;
    EXPECT_EQ(doc.status().code(), Code::kBadRequest);
  }
}

TEST(JsonTreeTest, DuplicateKeysKeepTheLastValue) {
  Json doc = Parse(R"({"a":1,"b":2,"a":{"x":1,"x":[{"y":1,"y":2}]}})");
  EXPECT_EQ(ToJsonString(doc), R"({"b":2,"a":{"x":[{"y":2}]}})");
}

TEST(JsonTreeTest, MeasuresDepthAndSize) {
  EXPECT_EQ(JsonDepth(Parse("1")), 0u);
  EXPECT_EQ(JsonDepth(Parse("[]")), 1u);
  EXPECT_EQ(JsonDepth(Parse(R"({"a":[{"b":[]}],"c":1})")), 4u);
  EXPECT_EQ(JsonSizeEstimate(Parse(R"("abc")")), 5u);
  EXPECT_GE(JsonSizeEstimate(Parse(R"({"key":"value","n":[1,2,3]})")), 20u);
}

TEST(JsonTreeTest, DeepCopyIsIndependent) {
  Json src = Parse(R"({"a":[1,{"b":"text"}],"c":null,"d":true,"e":1.5})");
  Json dst;
  DeepCopy(src, &dst, dst.GetAllocator());
  EXPECT_EQ(ToJsonString(dst), ToJsonString(src));
  src["a"][1]["b"].SetString("changed", src.GetAllocator());
  EXPECT_EQ(ToJsonString(dst), R"({"a":[1,{"b":"text"}],"c":null,"d":true,"e":1.5})");
  // Copies of very deep values do not recurse.
  Json deep = Parse(std::string(10000, '[') + std::string(10000, ']'));
  Json copy;
  DeepCopy(deep, &copy, copy.GetAllocator());
  EXPECT_EQ(JsonDepth(copy), 10000u);
  EXPECT_TRUE(JsonEqual(deep, copy));
}

TEST(JsonTreeTest, ComparesStructurally) {
  struct Case {
    const char* a;
    const char* b;
    bool equal;
  };
  const Case cases[] = {
      {R"({"a":1,"b":2})", R"({"b":2,"a":1})", true},
      {R"({"a":1})", R"({"a":1,"b":2})", false},
      {R"({"a":1,"c":2})", R"({"a":1,"b":2})", false},
      {"[1,2]", "[2,1]", false},
      {"1", "1.0", true},
      {"-1", "18446744073709551615", false},
      {"18446744073709551615", "18446744073709551615", true},
      {R"("1")", "1", false},
      {"null", "false", false},
      {"true", "true", true},
      {R"("a\u0000b")", R"("a\u0000c")", false},
      {"{}", "[]", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(JsonEqual(Parse(c.a), Parse(c.b)), c.equal) << c.a << " vs " << c.b;
  }
}

}  // namespace
}  // namespace ekslite::api

#include "core/json.h"

#include <gtest/gtest.h>

namespace ekslite {
namespace {

TEST(JsonTest, ParsesAndReadsPaths) {
  auto doc = ParseJson(R"({"metadata":{"name":"a","generation":3}})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(StringAt(*doc, "metadata.name"), "a");
  EXPECT_EQ(IntAt(*doc, "metadata.generation"), 3);
  EXPECT_EQ(Path(*doc, "metadata.missing"), nullptr);
}

TEST(JsonTest, MalformedInputIsBadRequest) {
  for (const char* bad : {"{", "{\"a\":}", "[1,2", "{} x", ""}) {
    auto doc = ParseJson(bad);
    EXPECT_FALSE(doc.ok()) << bad;
    EXPECT_EQ(doc.status().code(), Code::kBadRequest) << bad;
  }
}

TEST(JsonTest, EditsKeepMemberOrder) {
  auto doc = ParseJson(R"({"a":1,"b":2,"c":3})");
  ASSERT_TRUE(doc.ok());
  RemoveMember(*doc, "a");
  SetString(*doc, "d", "x", doc->GetAllocator());
  EnsureObject(*doc, "e", doc->GetAllocator());
  EXPECT_EQ(ToJsonString(*doc), R"({"b":2,"c":3,"d":"x","e":{}})");
}

TEST(JsonTest, AppendsEscapedStrings) {
  std::string out;
  AppendJsonString("a\"b\n", &out);
  EXPECT_EQ(out, R"("a\"b\n")");
}

}  // namespace
}  // namespace ekslite

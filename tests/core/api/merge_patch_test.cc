#include "core/api/merge_patch.h"

#include <gtest/gtest.h>

#include <string>

#include "core/api/json_tree.h"

namespace ekslite::api {
namespace {

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

std::string Merge(const std::string& target, const std::string& patch) {
  Json doc = Parse(target);
  Json p = Parse(patch);
  ApplyMergePatch(doc, p, doc.GetAllocator());
  return ToJsonString(doc);
}

// The examples of RFC 7386 appendix A (results compared structurally).
TEST(MergePatchTest, FollowsRfc7386Examples) {
  struct Case {
    const char* target;
    const char* patch;
    const char* want;
  };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", "null", "null"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    Json got = Parse(Merge(c.target, c.patch));
    EXPECT_TRUE(JsonEqual(got, Parse(c.want)))
        << c.target << " + " << c.patch << " = " << ToJsonString(got);
  }
}

TEST(MergePatchTest, PrunesNullsLikeUpstream) {
  // Inserted values lose null members at every level, also inside arrays.
  EXPECT_EQ(Merge(R"({})", R"({"a":[{"b":null,"c":1},null]})"), R"({"a":[{"c":1},null]})");
  EXPECT_EQ(Merge(R"({"a":"s"})", R"({"a":{"b":null,"c":{"d":null}}})"), R"({"a":{"c":{}}})");
  // A non-object replacing an object is kept as sent.
  EXPECT_EQ(Merge(R"({"a":{"x":1}})", R"({"a":[{"b":null}]})"), R"({"a":[{"b":null}]})");
  // A null target member counts as absent.
  EXPECT_EQ(Merge(R"({"a":null})", R"({"a":{"b":null,"c":2}})"), R"({"a":{"c":2}})");
}

TEST(MergePatchTest, KeepsMemberOrderAndMergesLabels) {
  EXPECT_EQ(Merge(R"({"metadata":{"name":"x","labels":{"a":"1"}},"spec":{}})",
                  R"({"metadata":{"labels":{"tier":"web","a":null}}})"),
            R"({"metadata":{"name":"x","labels":{"tier":"web"}},"spec":{}})");
}

TEST(MergePatchTest, PatchFromAnotherDocumentIsCopied) {
  Json doc = Parse(R"({"a":1})");
  {
    Json patch = Parse(R"({"b":{"c":"long string value that must be copied"}})");
    ApplyMergePatch(doc, patch, doc.GetAllocator());
  }  // the patch document is gone
  EXPECT_EQ(ToJsonString(doc), R"({"a":1,"b":{"c":"long string value that must be copied"}})");
}

TEST(MergePatchTest, ParseAnswersLikeTheApiserver) {
  struct Case {
    const char* text;
    bool strict;
    bool ok;
    std::string message;
  };
  const Case cases[] = {
      {R"({"a":1})", true, true, ""},
      {R"({"a":1})", false, true, ""},
      {"null", true, false, "Invalid JSON Patch"},
      {"null", false, false, "Invalid JSON Patch"},
      {"[1]", true, false,
       "error decoding patch: json: cannot unmarshal array into Go value of type "
       "map[string]interface {}"},
      {"[1]", false, true, ""},
      {R"("s")", true, false,
       "error decoding patch: json: cannot unmarshal string into Go value of type "
       "map[string]interface {}"},
      {"5", true, false,
       "error decoding patch: json: cannot unmarshal number into Go value of type "
       "map[string]interface {}"},
      {"true", true, false,
       "error decoding patch: json: cannot unmarshal bool into Go value of type "
       "map[string]interface {}"},
      {R"("s")", false, false, "Invalid JSON Patch"},
      {"{", false, false, "Invalid JSON Patch"},
      {"", false, false, "Invalid JSON Patch"},
  };
  for (const Case& c : cases) {
    auto patch = ParseMergePatch(c.text, c.strict);
    EXPECT_EQ(patch.ok(), c.ok) << c.text;
    if (c.ok) continue;
    EXPECT_EQ(patch.status().code(), Code::kBadRequest);
    EXPECT_EQ(patch.status().message(), c.message) << c.text;
  }
  auto syntax = ParseMergePatch("{", true);
  EXPECT_EQ(syntax.status().message().rfind("error decoding patch: ", 0), 0u);
}

TEST(MergePatchTest, ParseCollapsesDuplicateKeysToTheLast) {
  auto patch = ParseMergePatch(R"({"a":{"x":1},"a":{"y":2}})", true);
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(Merge(R"({"a":{"z":0}})", ToJsonString(*patch)), R"({"a":{"z":0,"y":2}})");
}

TEST(MergePatchTest, DuplicateKeysInUnparsedPatchesKeepTheLast) {
  EXPECT_EQ(Merge(R"({"a":0})", R"({"a":1,"a":null})"), "{}");
  EXPECT_EQ(Merge(R"({})", R"({"a":null,"a":1})"), R"({"a":1})");
}

TEST(MergePatchTest, WideObjectsMergeInLinearTime) {
  std::string target = "{", patch = "{";
  for (int i = 0; i < 200000; ++i) {
    std::string sep = i ? "," : "";
    target += sep + "\"k" + std::to_string(i) + "\":" + std::to_string(i);
    patch += sep + "\"k" + std::to_string(199999 - i) + "\":" + (i % 2 ? "null" : "{}");
  }
  Json doc = Parse(target + "}");
  Json p = Parse(patch + "}");
  ApplyMergePatch(doc, p, doc.GetAllocator());
  EXPECT_EQ(doc.MemberCount(), 100000u);
  Json created = CreateMergePatch(p, doc);
  EXPECT_GT(created.MemberCount(), 0u);
}

TEST(MergePatchTest, DeepPatchesAreBounded) {
  std::string deep = std::string(10001, '[') + std::string(10001, ']');
  auto too_deep = ParseMergePatch("{\"a\":" + deep + "}", true);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.status().message(),
            "error decoding patch: invalid character '[' exceeded max depth");
  // The deepest accepted patch merges without exhausting the stack.
  std::string nested;
  for (int i = 0; i < 9999; ++i) nested += "{\"a\":";
  nested += "1";
  nested += std::string(9999, '}');
  auto ok = ParseMergePatch(nested, true);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  Json target = Parse(nested);
  ApplyMergePatch(target, *ok, target.GetAllocator());
  EXPECT_EQ(JsonDepth(target), 9999u);
}

TEST(MergePatchTest, CreatesPatches) {
  struct Case {
    const char* original;
    const char* modified;
    const char* want;
  };
  const Case cases[] = {
      {R"({"a":1})", R"({"a":1})", "{}"},
      {R"({"a":1,"b":2})", R"({"a":1})", R"({"b":null})"},
      {R"({"a":1})", R"({"a":2,"c":[1]})", R"({"a":2,"c":[1]})"},
      {R"({"m":{"x":1,"y":2}})", R"({"m":{"x":1,"y":3}})", R"({"m":{"y":3}})"},
      {R"({"m":{"x":1}})", R"({"m":{"x":1}})", "{}"},
      {R"({"l":[1,2]})", R"({"l":[1,2,3]})", R"({"l":[1,2,3]})"},
      {R"({"l":[1,2]})", R"({"l":[1,2]})", "{}"},
      {R"({"t":"s"})", R"({"t":{"o":1}})", R"({"t":{"o":1}})"},
      {R"({"n":1})", R"({"n":1.0})", "{}"},
      {R"([1])", R"({"a":1})", R"({"a":1})"},
  };
  for (const Case& c : cases) {
    Json original = Parse(c.original);
    Json modified = Parse(c.modified);
    Json patch = CreateMergePatch(original, modified);
    EXPECT_TRUE(JsonEqual(patch, Parse(c.want))) << ToJsonString(patch);
    // Applying the patch to the original yields the modified document.
    ApplyMergePatch(original, patch, original.GetAllocator());
    EXPECT_TRUE(JsonEqual(original, modified)) << c.original << " -> " << c.modified;
  }
}

}  // namespace
}  // namespace ekslite::api

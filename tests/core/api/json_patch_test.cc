#include "core/api/json_patch.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/api/json_tree.h"

namespace ekslite::api {
namespace {

constexpr char kRejected[] = "the server rejected our request due to an error in our request";

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

// Applies `patch` to `doc`; returns the result, or "ERROR: <reason>".
std::string Apply(const std::string& doc_text, const std::string& patch_text) {
  auto patch = ParseJsonPatch(patch_text);
  EXPECT_TRUE(patch.ok()) << patch_text << ": " << patch.status().message();
  if (!patch.ok()) return "PARSE";
  Json doc = Parse(doc_text);
  std::string before = ToJsonString(doc);
  std::string reason;
  Status s = patch->Apply(&doc, &reason);
  if (!s.ok()) {
    EXPECT_EQ(s.code(), Code::kInvalid);
    EXPECT_EQ(s.message(), kRejected);
    EXPECT_NE(s.details(), nullptr);
    EXPECT_EQ(ToJsonString(doc), before) << "document changed by a failed patch";
    return "ERROR: " + reason;
  }
  return ToJsonString(doc);
}

TEST(JsonPatchTest, AppliesEachOperation) {
  struct Case {
    const char* doc;
    const char* patch;
    const char* want;
  };
  const Case cases[] = {
      // add
      {R"({"a":1})", R"([{"op":"add","path":"/b","value":2}])", R"({"a":1,"b":2})"},
      {R"({"a":1})", R"([{"op":"add","path":"/a","value":[3]}])", R"({"a":[3]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/1","value":9}])", R"({"l":[1,9,2]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/2","value":9}])", R"({"l":[1,2,9]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/-","value":9}])", R"({"l":[1,2,9]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/0","value":9}])", R"({"l":[9,1,2]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/-1","value":9}])", R"({"l":[1,2,9]})"},
      {R"({"l":[1,2]})", R"([{"op":"add","path":"/l/-3","value":9}])", R"({"l":[9,1,2]})"},
      {R"({"a":1})", R"([{"op":"add","path":"/n"}])", R"({"a":1,"n":null})"},
      {R"({"a/b":1,"m~n":2})",
       R"([{"op":"add","path":"/a~1b","value":3},)"
       R"({"op":"add","path":"/m~0n","value":4}])",
       R"({"a/b":3,"m~n":4})"},
      {R"({"~1":0})", R"([{"op":"add","path":"/~01","value":5}])", R"({"~1":5})"},
      {R"({"":0})", R"([{"op":"add","path":"/","value":5}])", R"({"":5})"},
      // remove
      {R"({"a":1,"b":2})", R"([{"op":"remove","path":"/a"}])", R"({"b":2})"},
      {R"({"l":[1,2,3]})", R"([{"op":"remove","path":"/l/1"}])", R"({"l":[1,3]})"},
      {R"({"l":[1,2,3]})", R"([{"op":"remove","path":"/l/-1"}])", R"({"l":[1,2]})"},
      // replace
      {R"({"a":1})", R"([{"op":"replace","path":"/a","value":{"x":1}}])", R"({"a":{"x":1}})"},
      {R"({"a":1})", R"([{"op":"replace","path":"/b","value":2}])", R"({"a":1,"b":2})"},
      {R"({"l":[1,2]})", R"([{"op":"replace","path":"/l/0","value":5}])", R"({"l":[5,2]})"},
      {R"({"a":1})", R"([{"op":"replace","path":"","value":{"b":2}}])", R"({"b":2})"},
      // move and copy
      {R"({"a":{"x":1},"b":{}})", R"([{"op":"move","from":"/a/x","path":"/b/y"}])",
       R"({"a":{},"b":{"y":1}})"},
      {R"({"l":[1,2,3]})", R"([{"op":"move","from":"/l/0","path":"/l/-"}])", R"({"l":[2,3,1]})"},
      {R"({"a":1})", R"([{"op":"move","from":"/a","path":"/a"}])", R"({"a":1})"},
      {R"({"a":{"x":[1]}})", R"([{"op":"copy","from":"/a","path":"/b"}])",
       R"({"a":{"x":[1]},"b":{"x":[1]}})"},
      {R"({"l":[1]})", R"([{"op":"copy","from":"/l/0","path":"/l/0"}])", R"({"l":[1,1]})"},
      // test
      {R"({"a":{"b":[1,"x"]}})", R"([{"op":"test","path":"/a","value":{"b":[1.0,"x"]}}])",
       R"({"a":{"b":[1,"x"]}})"},
      {R"({"a":1})", R"([{"op":"test","path":"/missing","value":null}])", R"({"a":1})"},
      {R"({"a":1})", R"([{"op":"test","path":"/missing"}])", R"({"a":1})"},
      {R"({"a":null})", R"([{"op":"test","path":"/a","value":null}])", R"({"a":null})"},
      {R"({"a":1})", R"([{"op":"test","path":"","value":{"a":1}}])", R"({"a":1})"},
      // sequences and no-ops
      {R"({"metadata":{"resourceVersion":"5"},"spec":{"replicas":1}})",
       R"([{"op":"test","path":"/metadata/resourceVersion","value":"5"},)"
       R"({"op":"replace","path":"/spec/replicas","value":3}])",
       R"({"metadata":{"resourceVersion":"5"},"spec":{"replicas":3}})"},
      {R"({"a":1})", "[]", R"({"a":1})"},
      {R"({"a":1})", "null", R"({"a":1})"},
      {R"({"a":1})", R"([{"op":"add","path":"/b","value":1,"extra":true}])", R"({"a":1,"b":1})"},
  };
  for (const Case& c : cases) EXPECT_EQ(Apply(c.doc, c.patch), c.want) << c.patch;
}

TEST(JsonPatchTest, FailedOperationsAre422AndLeaveTheDocument) {
  struct Case {
    const char* doc;
    const char* patch;
    const char* reason;
  };
  const Case cases[] = {
      {R"({"a":1})", R"([{"op":"test","path":"/a","value":2}])",
       "testing value /a failed: test failed"},
      {R"({"a":1})", R"([{"op":"test","path":"/a"}])", "testing value /a failed: test failed"},
      {R"({"a":null})", R"([{"op":"test","path":"/a","value":0}])",
       "testing value /a failed: test failed"},
      {R"({"a":1})", R"([{"op":"test","path":"/x/y","value":1}])",
       "test operation does not apply: doc is missing path: /x/y"},
      {R"({"l":[1]})", R"([{"op":"test","path":"/l/5","value":1}])",
       "error in test for path: '/l/5': Unable to access invalid index: 5"},
      {R"({"a":1})", R"([{"op":"remove","path":"/b"}])",
       "Unable to remove nonexistent key: b: missing value"},
      {R"({"a":1})", R"([{"op":"remove","path":""}])",
       "remove operation does not apply: doc is missing path: "},
      {R"({"a":1})", R"([{"op":"add","path":"","value":{}}])",
       "add operation does not apply: doc is missing path: "},
      {R"({"a":1})", R"([{"op":"add","path":"/x/y","value":1}])",
       "add operation does not apply: doc is missing path: /x/y"},
      {R"({"a":1})", R"([{"op":"add","path":"/a/y","value":1}])",
       "add operation does not apply: doc is missing path: /a/y"},
      {R"({"l":[1]})", R"([{"op":"add","path":"/l/3","value":1}])",
       "Unable to access invalid index: 3"},
      {R"({"l":[1]})", R"([{"op":"add","path":"/l/-3","value":1}])",
       "Unable to access invalid index: -3"},
      {R"({"l":[1]})", R"([{"op":"add","path":"/l/x","value":1}])",
       "value was not a proper array index: 'x'"},
      {R"({"l":[1]})", R"([{"op":"remove","path":"/l/1"}])", "Unable to access invalid index: 1"},
      {R"({"l":[1]})", R"([{"op":"replace","path":"/l/1","value":2}])",
       "Unable to access invalid index: 1"},
      {R"({"a":1})", R"([{"op":"replace","path":"","value":1}])",
       "replace operation value must be object or array"},
      {R"({"a":1})", R"([{"op":"move","from":"/b","path":"/c"}])",
       "Unable to remove nonexistent key: b: missing value"},
      {R"({"a":{}})", R"([{"op":"move","from":"/a","path":"/a/b"}])",
       "move operation does not apply: doc is missing path: /a/b"},
      {R"({"a":1})", R"([{"op":"copy","from":"/b","path":"/c"}])",
       "copy operation does not apply: doc is missing from path: /b"},
      {R"({"a":1})", R"([{"op":"copy","path":"/c"}])", "copy operation failed to decode from"},
      {R"({"a":1})", R"([{"op":"frob","path":"/a"}])", "Unexpected kind: frob"},
      {R"({"a":1})", R"([{"path":"/a"}])", "Unexpected kind: unknown"},
      {R"({"a":1})", R"([{"op":1,"path":"/a"}])", "Unexpected kind: unknown"},
      {R"({"a":1})", R"([null])", "Unexpected kind: unknown"},
      {R"({"a":1})", R"([{"op":"add","value":1}])", "add operation failed to decode path"},
      {R"({"a":1})", R"([{"op":"add","path":null,"value":1}])",
       "add operation failed to decode path"},
      {R"({"a":1})", R"([{"op":"add","path":"a","value":1}])",
       "add operation failed to decode path"},
      {R"({"a":1})", R"([{"op":"add","path":"/b","value":1},{"op":"remove","path":"/zz"}])",
       "Unable to remove nonexistent key: zz: missing value"},
  };
  for (const Case& c : cases) EXPECT_EQ(Apply(c.doc, c.patch), std::string("ERROR: ") + c.reason);
}

TEST(JsonPatchTest, MalformedBodiesAreBadRequests) {
  struct Case {
    const char* text;
    const char* message;  // nullptr: any parser message
  };
  const Case cases[] = {
      {R"({"op":"add"})", "json: cannot unmarshal object into Go value of type jsonpatch.Patch"},
      {R"("x")", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"},
      {"1", "json: cannot unmarshal number into Go value of type jsonpatch.Patch"},
      {"true", "json: cannot unmarshal bool into Go value of type jsonpatch.Patch"},
      {"[1]", "json: cannot unmarshal number into Go value of type jsonpatch.Operation"},
      {R"([{}, []])", "json: cannot unmarshal array into Go value of type jsonpatch.Operation"},
      {"[", nullptr},
      {"", nullptr},
      {"[{\"op\":\"add\"}] x", nullptr},
  };
  for (const Case& c : cases) {
    auto patch = ParseJsonPatch(c.text);
    ASSERT_FALSE(patch.ok()) << c.text;
    EXPECT_EQ(patch.status().code(), Code::kBadRequest);
    if (c.message != nullptr) {
      EXPECT_EQ(patch.status().message(), c.message);
    }
  }
}

TEST(JsonPatchTest, RandomOperationsNeverCrash) {
  const char* ops[] = {"add", "remove", "replace", "move", "copy", "test", "x"};
  const char* paths[] = {"",     "/",    "/a",  "/a/0",  "/a/-",  "/a/-1", "/b",
                         "/b/c", "/a/9", "/~1", "/a/01", "/a/+0", "/b/c/d"};
  const char* values[] = {"1", "null", "[1,[2]]", R"({"c":{"d":[]}})", R"("s")"};
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; ++i) {
    std::string text = "[";
    for (size_t n = 1 + rng() % 4; n > 0; --n) {
      text += std::string(text.size() > 1 ? "," : "") + R"({"op":")" + ops[rng() % 7] +
              R"(","path":")" + paths[rng() % 13] + R"(","from":")" + paths[rng() % 13] +
              R"(","value":)" + values[rng() % 5] + "}";
    }
    text += "]";
    auto patch = ParseJsonPatch(text);
    ASSERT_TRUE(patch.ok()) << text;
    Json doc = Parse(R"({"a":[1,{"x":2}],"b":{"c":{}},"/":0})");
    Status s = patch->Apply(&doc);
    EXPECT_TRUE(s.ok() || s.code() == Code::kInvalid) << text;
    EXPECT_FALSE(ToJsonString(doc).empty());
  }
}

TEST(JsonPatchTest, TooManyOperationsIs413) {
  std::string ops = "[";
  for (int i = 0; i < 10001; ++i) ops += std::string(i ? "," : "") + "{}";
  ops += "]";
  auto patch = ParseJsonPatch(ops);
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(patch.status().code(), Code::kRequestEntityTooLarge);
  EXPECT_EQ(patch.status().message(),
            "The allowed maximum operations in a JSON patch is 10000, got 10001");
}

TEST(JsonPatchTest, DuplicateKeysInOperationsKeepTheLast) {
  EXPECT_EQ(Apply(R"({"a":1})", R"([{"op":"remove","op":"add","path":"/b","value":2}])"),
            R"({"a":1,"b":2})");
}

TEST(JsonPatchTest, CopyGrowthIsBounded) {
  // Each copy doubles the document: 2^30 leaves if unchecked.
  std::string ops = R"([{"op":"add","path":"/a","value":[")" + std::string(1000, 'x') + R"("]})";
  for (int i = 0; i < 30; ++i) ops += R"(,{"op":"copy","from":"/a","path":"/a/-"})";
  ops += "]";
  std::string got = Apply("{}", ops);
  EXPECT_EQ(got.rfind("ERROR: Unable to copy, the accumulated size increase", 0), 0u) << got;
}

TEST(JsonPatchTest, DeepResultsAreRejected) {
  // Moves can nest a document deeper than any request body could be.
  std::string chain = std::string(6000, '[') + std::string(6000, ']');
  std::string doc = R"({"a":)" + chain + R"(,"b":)" + chain + "}";
  std::string path = "/a";
  for (int i = 0; i < 5999; ++i) path += "/0";
  std::string ops = R"([{"op":"move","from":"/b","path":")" + path + R"(/-"}])";
  auto patch = ParseJsonPatch(ops);
  ASSERT_TRUE(patch.ok());
  auto parsed = ParseUntrustedJson(doc);
  ASSERT_TRUE(parsed.ok());
  Json target = std::move(parsed).value();
  std::string reason;
  Status s = patch->Apply(&target, &reason);
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(reason, "result exceeds the maximum nesting depth");
}

}  // namespace
}  // namespace ekslite::api

#include "apiserver/registry/omit_empty_maps.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

const schema::Message& Kind(const std::string& group, const std::string& kind) {
  const schema::Message* m =
      schema::BuiltinSchema().FindKind({group, "v1", kind});
  EXPECT_NE(m, nullptr) << kind;
  return *m;
}

// Applies OmitEmptyMaps to `json` as a `kind` and returns the result.
std::string Omit(const std::string& group, const std::string& kind, const std::string& json,
                 int* removed = nullptr) {
  auto doc = ParseJson(json);
  EXPECT_TRUE(doc.ok()) << json;
  int n = OmitEmptyMaps(Kind(group, kind), *doc);
  if (removed != nullptr) *removed = n;
  return ToJsonString(*doc);
}

TEST(OmitEmptyMapsTest, DropsEmptyAndNullMetadataMaps) {
  int removed = 0;
  EXPECT_EQ(Omit("", "ConfigMap",
                 R"({"metadata":{"name":"c","annotations":{},"labels":null},"data":{}})",
                 &removed),
            R"({"metadata":{"name":"c"}})");
  EXPECT_EQ(removed, 3);
}

TEST(OmitEmptyMapsTest, KeepsMapsWithEntries) {
  std::string json = R"({"metadata":{"labels":{"a":"b"}},"data":{"k":""}})";
  EXPECT_EQ(Omit("", "ConfigMap", json), json);
}

TEST(OmitEmptyMapsTest, KeepsEmptyStructs) {
  // resources, securityContext and emptyDir are structs Go encodes even when
  // empty; nodeSelector and the resource lists are maps.
  EXPECT_EQ(
      Omit("apps", "Deployment",
           R"({"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"annotations":{}},)"
           R"("spec":{"nodeSelector":{},"securityContext":{},"volumes":[{"name":"v","emptyDir":{}}],)"
           R"("containers":[{"name":"c","resources":{"limits":{},"requests":{"cpu":"1"}}}]}}}})"),
      R"({"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{},)"
      R"("spec":{"securityContext":{},"volumes":[{"name":"v","emptyDir":{}}],)"
      R"("containers":[{"name":"c","resources":{"requests":{"cpu":"1"}}}]}}}})");
}

TEST(OmitEmptyMapsTest, DescendsIntoMapValuesAndListItems) {
  // A ConfigMap's data is a map of strings: nothing below it. A Node's
  // status maps and each image in a list are walked.
  EXPECT_EQ(Omit("", "Node",
                 R"({"metadata":{"name":"n"},"status":{"capacity":{},"allocatable":{"cpu":"2"}}})"),
            R"({"metadata":{"name":"n"},"status":{"allocatable":{"cpu":"2"}}})");
  EXPECT_EQ(Omit("", "Service", R"({"spec":{"selector":{},"ports":[{"port":80}]}})"),
            R"({"spec":{"ports":[{"port":80}]}})");
}

TEST(OmitEmptyMapsTest, LeavesUnknownAndFreeFormMembersAlone) {
  EXPECT_EQ(Omit("", "ConfigMap", R"({"metadata":{"name":"c"},"unknown":{}})"),
            R"({"metadata":{"name":"c"},"unknown":{}})");
  // ControllerRevision.data is a RawExtension: whatever it holds is kept.
  EXPECT_EQ(Omit("apps", "ControllerRevision", R"({"data":{"spec":{"labels":{}}},"revision":1})"),
            R"({"data":{"spec":{"labels":{}}},"revision":1})");
}

}  // namespace
}  // namespace ekslite::apiserver

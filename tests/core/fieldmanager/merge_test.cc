// The typed views of server-side apply: field sets of objects (FieldsOf),
// their comparison (Compare) and the merge of a configuration (Merge).
#include <gtest/gtest.h>

#include <string>

#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

const schema::Message* Kind(const std::string& group, const std::string& kind) {
  return schema::BuiltinSchema().FindKind(schema::GroupVersionKind{group, "v1", kind});
}

TypeRef DeploymentType() { return TypeRef::Root(Kind("apps", "Deployment")); }
TypeRef PodType() { return TypeRef::Root(Kind("", "Pod")); }

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

std::string V1(const FieldSet& set) {
  Json doc;
  static_cast<JsonValue&>(doc) = set.ToFieldsV1(doc.GetAllocator());
  return ToJsonString(doc);
}

std::string FieldsOfText(const std::string& object, const TypeRef& type) {
  return V1(FieldsOf(Parse(object), type));
}

std::string MergeText(const std::string& live, const std::string& config, const TypeRef& type) {
  Json l = Parse(live), c = Parse(config);
  Json out;
  static_cast<JsonValue&>(out) = Merge(&l, c, type, out.GetAllocator());
  return ToJsonString(out);
}

TEST(TypedTest, FieldsOfADeploymentConfiguration) {
  std::string config =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},)"
      R"("spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{)"
      R"("containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}],)"
      R"("tolerations":[{"key":"a"}]}}}})";
  // Map entries and list items are members; struct fields only through
  // their leaves; atomic structs and lists are leaves; a missing list-map
  // key takes its default (protocol TCP).
  EXPECT_EQ(FieldsOfText(config, DeploymentType()),
            R"({"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},)"
            R"("f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:spec":{"f:containers":{)"
            R"("k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{)"
            R"("k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}},)"
            R"("f:tolerations":{}}}}})");
}

TEST(TypedTest, FieldsOfSetsUnknownFieldsAndNulls) {
  // Finalizers are a set of values; unknown fields are deduced (objects are
  // maps); a null struct, map or list sets nothing, a null scalar is set.
  EXPECT_EQ(
      FieldsOfText(R"({"metadata":{"finalizers":["a","b"],"labels":null,)"
                   R"("creationTimestamp":null},"extra":{"x":[1]},"spec":{"containers":null}})",
                   PodType()),
      R"({"f:extra":{".":{},"f:x":{}},"f:metadata":{"f:creationTimestamp":{},)"
      R"("f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}}}})");
  // Without a schema everything is deduced.
  EXPECT_EQ(FieldsOfText(R"({"a":{"b":1},"c":[1,2]})", TypeRef::Root(nullptr)),
            R"({"f:a":{".":{},"f:b":{}},"f:c":{}})");
}

TEST(TypedTest, CompareFindsAddedModifiedAndRemovedFields) {
  Json l = Parse(R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"containers":[)"
                 R"({"name":"x","image":"x:1"},{"name":"y","image":"y"}]}})");
  Json r = Parse(R"({"metadata":{"labels":{"a":"9","c":"3"}},"spec":{"containers":[)"
                 R"({"name":"x","image":"x:2"},{"name":"z","image":"z"}]}})");
  Comparison c = Compare(&l, &r, PodType());
  EXPECT_EQ(V1(c.modified), R"({"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:containers":{)"
                            R"("k:{\"name\":\"x\"}":{"f:image":{}}}}})");
  EXPECT_EQ(V1(c.added), R"({"f:metadata":{"f:labels":{"f:c":{}}},"f:spec":{"f:containers":{)"
                         R"("k:{\"name\":\"z\"}":{".":{},"f:image":{},"f:name":{}}}}})");
  EXPECT_EQ(V1(c.removed), R"({"f:metadata":{"f:labels":{"f:b":{}}},"f:spec":{"f:containers":{)"
                           R"("k:{\"name\":\"y\"}":{".":{},"f:image":{},"f:name":{}}}}})");
  EXPECT_TRUE(Compare(&l, &l, PodType()).IsSame());
  // Empty and absent containers compare as leaves; null granular values as
  // empty ones.
  Json e1 = Parse(R"({"metadata":{"labels":{}}})");
  Json e2 = Parse(R"({"metadata":{"labels":null}})");
  EXPECT_EQ(V1(Compare(&e1, &e2, PodType()).modified), R"({"f:metadata":{"f:labels":{}}})");
  Json full = Parse(R"({"metadata":{"labels":{"a":"1"}}})");
  EXPECT_EQ(V1(Compare(&full, &e2, PodType()).removed),
            R"({"f:metadata":{"f:labels":{"f:a":{}}}})");
}

TEST(TypedTest, MergeKeepsLiveFieldsAndTakesConfiguredValues) {
  EXPECT_EQ(
      MergeText(R"({"metadata":{"name":"p","labels":{"a":"1"}},"spec":{"nodeName":"n"}})",
                R"({"metadata":{"labels":{"b":"2"}},"spec":{"nodeName":"m","hostname":"h"}})",
                PodType()),
      R"({"metadata":{"name":"p","labels":{"a":"1","b":"2"}},"spec":{"nodeName":"m","hostname":"h"}})");
}

TEST(TypedTest, MergeOfListMapsFollowsTheConfigurationOrder) {
  // Shared items follow the configuration, live-only items keep their
  // places relative to the items around them, new items come where the
  // configuration puts them.
  std::string live = R"({"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"},)"
                     R"({"name":"c","image":"c"}]}})";
  EXPECT_EQ(MergeText(live,
                      R"({"spec":{"containers":[{"name":"c","image":"c2"},{"name":"new"},)"
                      R"({"name":"a"}]}})",
                      PodType()),
            R"({"spec":{"containers":[{"name":"b","image":"b"},{"name":"c","image":"c2"},)"
            R"({"name":"new"},{"name":"a","image":"a"}]}})");
  EXPECT_EQ(MergeText(live, R"({"spec":{"containers":[{"name":"b","image":"b2"}]}})", PodType()),
            R"({"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b2"},)"
            R"({"name":"c","image":"c"}]}})");
  // Ports are keyed by port and protocol, the protocol defaulting to TCP.
  EXPECT_EQ(
      MergeText(
          R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP",)"
          R"("name":"http"},{"containerPort":80,"protocol":"UDP"}]}]}})",
          R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"hostPort":8080}]}]}})",
          PodType()),
      R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP",)"
      R"("name":"http","hostPort":8080},{"containerPort":80,"protocol":"UDP"}]}]}})");
}

TEST(TypedTest, MergeReplacesAtomicListsAndUnionsSets) {
  EXPECT_EQ(MergeText(R"({"spec":{"tolerations":[{"key":"a"},{"key":"b"}]}})",
                      R"({"spec":{"tolerations":[{"key":"c"}]}})", PodType()),
            R"({"spec":{"tolerations":[{"key":"c"}]}})");
  EXPECT_EQ(MergeText(R"({"metadata":{"finalizers":["a","b"]}})",
                      R"({"metadata":{"finalizers":["c","a"]}})", PodType()),
            R"({"metadata":{"finalizers":["c","a","b"]}})");
}

TEST(TypedTest, MergeOfNulls) {
  // A null scalar unsets; a null struct, map or list leaves the live value;
  // nulls inside new values are dropped.
  EXPECT_EQ(
      MergeText(R"({"metadata":{"labels":{"a":"1"},"generateName":"g"},"spec":{"nodeName":"n"}})",
                R"({"metadata":{"labels":null,"generateName":null},)"
                R"("spec":{"containers":[{"name":"c","image":null,"resources":{"limits":null}}]}})",
                PodType()),
      R"({"metadata":{"labels":{"a":"1"}},"spec":{"nodeName":"n","containers":[)"
      R"({"name":"c","resources":{}}]}})");
}

TEST(TypedTest, ZeroObjectHasTheStructsGoAlwaysWrites) {
  Json zero = ZeroObject(Kind("apps", "Deployment"));
  EXPECT_NE(ekslite::Path(zero, "spec.template.spec"), nullptr);
  EXPECT_NE(Member(zero, "status"), nullptr);
  EXPECT_EQ(ToJsonString(ZeroObject(nullptr)), "{}");
}

}  // namespace
}  // namespace ekslite::fieldmanager

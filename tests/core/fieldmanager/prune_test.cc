// Pruning what an applier dropped (core/fieldmanager/prune.cc).
#include <gtest/gtest.h>

#include <string>

#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

const schema::Message* Kind(const std::string& group, const std::string& kind) {
  return schema::BuiltinSchema().FindKind(schema::GroupVersionKind{group, "v1", kind});
}

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

FieldSet Set(const std::string& v1) {
  Json doc = Parse(v1);
  auto set = FieldSet::FromFieldsV1(doc);
  EXPECT_TRUE(set.ok()) << v1;
  return set.ok() ? *set : FieldSet();
}

std::string V1(const FieldSet& set) {
  Json doc;
  static_cast<JsonValue&>(doc) = set.ToFieldsV1(doc.GetAllocator());
  return ToJsonString(doc);
}

std::string Pruned(const std::string& merged, const schema::Message* m, const std::string& last,
                   const std::string& owned) {
  Json doc = Parse(merged);
  Prune(doc, TypeRef::Root(m), Set(last), Set(owned));
  return ToJsonString(doc);
}

// What every applier's configuration owns before the server-owned fields are
// stripped from it: its identity.
constexpr const char* kIdentity = R"("f:apiVersion":{},"f:kind":{},"f:metadata":{"f:name":{}})";

TEST(PruneTest, RemovesWhatTheApplierDroppedAndNobodyOwns) {
  std::string cm = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u",)"
                   R"("labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2","z":"3"}})";
  std::string last =
      R"({"f:metadata":{"f:labels":{"f:a":{},"f:b":{}}},"f:data":{"f:x":{},"f:y":{}}})";
  // The new configuration keeps label a and data x; an updater owns z.
  std::string owned =
      R"({"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:name":{},"f:labels":{"f:a":{}}},)"
      R"("f:data":{"f:x":{},"f:z":{}}})";
  EXPECT_EQ(Pruned(cm, Kind("", "ConfigMap"), last, owned),
            R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u",)"
            R"("labels":{"a":"1"}},"data":{"x":"1","z":"3"}})");
}

TEST(PruneTest, AnEmptiedMapGoesAway) {
  std::string cm = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u",)"
                   R"("labels":{"a":"1"}},"data":{"x":"1"}})";
  EXPECT_EQ(
      Pruned(cm, Kind("", "ConfigMap"),
             R"({"f:metadata":{"f:labels":{"f:a":{}}},"f:data":{"f:x":{}}})",
             std::string("{") + kIdentity + R"(,"f:data":{"f:x":{}}})"),
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u"},"data":{"x":"1"}})");
}

TEST(PruneTest, FieldsOwnedByOthersStay) {
  std::string cm =
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1","y":"2"}})";
  EXPECT_EQ(Pruned(cm, Kind("", "ConfigMap"), R"({"f:data":{"f:x":{},"f:y":{}}})",
                   std::string("{") + kIdentity + R"(,"f:data":{"f:x":{},"f:y":{}}})"),
            cm);
  // Nothing applied before: nothing to prune.
  EXPECT_EQ(Pruned(cm, Kind("", "ConfigMap"), "{}", "{}"), cm);
}

TEST(PruneTest, AnItemNobodyOwnsGoesAwayWhole) {
  // An updater owns the image of container b but not the item itself: once
  // the applier drops b, b goes (as upstream does).
  std::string pod =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[)"
      R"({"name":"a","image":"a"},{"name":"b","image":"b"}]}})";
  std::string last =
      R"({"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{".":{},"f:image":{},"f:name":{}},)"
      R"("k:{\"name\":\"b\"}":{".":{},"f:image":{},"f:name":{}}}}})";
  std::string owned =
      std::string("{") + kIdentity +
      R"(,"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{".":{},"f:image":{},"f:name":{}},)"
      R"("k:{\"name\":\"b\"}":{"f:image":{}}}}})";
  EXPECT_EQ(Pruned(pod, Kind("", "Pod"), last, owned),
            R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[)"
            R"({"name":"a","image":"a"}]}})");
}

TEST(PruneTest, ADroppedStructGoesWithItsUnownedFields) {
  // The applier set strategy.type; the server defaulted rollingUpdate and
  // revisionHistoryLimit, which nobody owns. Dropping strategy drops it
  // whole; fields the applier never set stay.
  std::string d =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":2,)"
      R"("revisionHistoryLimit":10,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})";
  std::string last = R"({"f:spec":{"f:replicas":{},"f:strategy":{"f:type":{}}}})";
  std::string owned = std::string("{") + kIdentity + R"(,"f:spec":{"f:replicas":{}}})";
  EXPECT_EQ(
      Pruned(d, Kind("apps", "Deployment"), last, owned),
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":2,)"
      R"("revisionHistoryLimit":10}})");
}

TEST(PruneTest, AnEmptiedListGoesAwayAndSetsPruneByValue) {
  std::string pod =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a","b"]},)"
      R"("spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}})";
  std::string last =
      R"({"f:metadata":{"f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}}},"f:spec":{"f:containers":{)"
      R"("k:{\"name\":\"c\"}":{".":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":)"
      R"({".":{},"f:containerPort":{}}}}}}})";
  std::string owned = std::string("{") + kIdentity +
                      R"(,"f:metadata":{"f:finalizers":{"v:\"b\"":{}}},"f:spec":{"f:containers":{)"
                      R"("k:{\"name\":\"c\"}":{".":{},"f:name":{}}}}})";
  EXPECT_EQ(Pruned(pod, Kind("", "Pod"), last, owned),
            R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["b"]},)"
            R"("spec":{"containers":[{"name":"c"}]}})");
}

TEST(PruneTest, NamedFieldsBecomeMembers) {
  TypeRef pod = TypeRef::Root(Kind("", "Pod"));
  // Declared struct fields with something below them become members; map
  // keys and list items do not.
  EXPECT_EQ(
      V1(NamedMembers(Set(R"({"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:containers":)"
                          R"({"k:{\"name\":\"c\"}":{"f:image":{}}}}})"),
                      pod)),
      R"({"f:metadata":{".":{},"f:labels":{".":{},"f:a":{}}},"f:spec":{".":{},"f:containers":)"
      R"({".":{},"k:{\"name\":\"c\"}":{"f:image":{}}}}})");
  Json obj = Parse(R"({"metadata":{"name":"p","labels":{}},"spec":{"containers":[{"name":"c"}]}})");
  EXPECT_EQ(V1(NamedFieldsOf(obj, pod, nullptr)),
            R"({"f:metadata":{".":{},"f:name":{}},"f:spec":{".":{},"f:containers":{".":{},)"
            R"("k:{\"name\":\"c\"}":{".":{},"f:name":{}}}}})");
  FieldSet removed = Set(R"({"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{}}}})");
  EXPECT_EQ(V1(NamedFieldsOf(obj, pod, &removed)), R"({"f:metadata":{".":{},"f:name":{}}})");
}

TEST(PruneTest, RemoveItemsTakesMembersOut) {
  TypeRef pod = TypeRef::Root(Kind("", "Pod"));
  Json obj =
      Parse(R"({"metadata":{"name":"p","labels":{"a":"1"}},"spec":{"containers":[{"name":"c"},)"
            R"({"name":"d","image":"d"}]}})");
  RemoveItems(
      obj, pod,
      Set(R"({"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{},)"
          R"("k:{\"name\":\"d\"}":{"f:image":{}}}}})"));
  EXPECT_EQ(ToJsonString(obj), R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"d"}]}})");
}

}  // namespace
}  // namespace ekslite::fieldmanager

#include "core/fieldmanager/field_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ekslite::fieldmanager {
namespace {

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

FieldSet FromV1(const std::string& text) {
  Json doc = Parse(text);
  auto set = FieldSet::FromFieldsV1(doc);
  EXPECT_TRUE(set.ok()) << set.status().message();
  return set.ok() ? *set : FieldSet();
}

std::string ToV1(const FieldSet& set) {
  Json doc;
  static_cast<JsonValue&>(doc) = set.ToFieldsV1(doc.GetAllocator());
  return ToJsonString(doc);
}

std::vector<std::string> Paths(const FieldSet& set) {
  std::vector<std::string> out;
  set.ForEach([&](const Path& p) { out.push_back(PathString(p)); });
  return out;
}

TEST(FieldSetTest, InsertHasAndEmpty) {
  FieldSet s;
  EXPECT_TRUE(s.Empty());
  s.Insert({"f:spec", "f:replicas"});
  EXPECT_FALSE(s.Empty());
  EXPECT_TRUE(s.Has({"f:spec", "f:replicas"}));
  EXPECT_FALSE(s.Has({"f:spec"}));  // a prefix is not a member
  EXPECT_FALSE(s.Has({"f:spec", "f:paused"}));
  FieldSet only_empty_children;
  only_empty_children.MutableChild("f:a").MutableChild("f:b");
  EXPECT_TRUE(only_empty_children.Empty());
}

TEST(FieldSetTest, SetAlgebraIsPathByPath) {
  FieldSet a = FromV1(R"({"f:a":{".":{},"f:x":{},"f:y":{}},"f:b":{}})");
  FieldSet b = FromV1(R"({"f:a":{"f:y":{},"f:z":{}},"f:c":{}})");
  FieldSet u = a;
  u.Union(b);
  EXPECT_EQ(Paths(u), (std::vector<std::string>{".a", ".a.x", ".a.y", ".a.z", ".b", ".c"}));
  EXPECT_EQ(Paths(a.Difference(b)), (std::vector<std::string>{".a", ".a.x", ".b"}));
  EXPECT_EQ(Paths(a.Intersection(b)), (std::vector<std::string>{".a.y"}));
  // A recursive difference also drops what lies below a member of the other.
  FieldSet whole_a = FromV1(R"({"f:a":{}})");
  EXPECT_EQ(Paths(a.RecursiveDifference(whole_a)), (std::vector<std::string>{".b"}));
  EXPECT_EQ(Paths(a.Difference(whole_a)), (std::vector<std::string>{".a.x", ".a.y", ".b"}));
  EXPECT_TRUE(a.Intersection(b).SubsetOf(a));
  EXPECT_TRUE(FieldSet().SubsetOf(a));
  EXPECT_FALSE(a.SubsetOf(b));
  EXPECT_FALSE(whole_a.SubsetOf(FromV1(R"({"f:a":{"f:x":{}}})")));
  EXPECT_TRUE(a == FromV1(R"({"f:b":{},"f:a":{"f:y":{},".":{},"f:x":{}}})"));
  EXPECT_FALSE(a == b);
}

TEST(FieldSetTest, FieldsV1RoundTrip) {
  std::string v1 =
      R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:template":{"f:spec":)"
      R"({"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},)"
      R"("f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})";
  FieldSet s = FromV1(v1);
  EXPECT_EQ(ToV1(s), v1);
  EXPECT_TRUE(s.Has({"f:metadata", "f:labels"}));
  EXPECT_TRUE(s.Has({"f:spec", "f:template", "f:spec", "f:containers", R"(k:{"name":"web"})"}));
  EXPECT_EQ(ToV1(FieldSet()), "{}");
}

TEST(FieldSetTest, FromFieldsV1RejectsWhatIsNotFieldsV1) {
  Json list = Parse("[]");
  EXPECT_EQ(FieldSet::FromFieldsV1(list).status().code(), Code::kBadRequest);
  Json bad = Parse(R"({"spec":{}})");
  auto s = FieldSet::FromFieldsV1(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "unknown path element in FieldsV1: spec");
}

TEST(FieldSetTest, PathElementsAndTheirPrintedForm) {
  Json name = Parse(R"("web")");
  Json port = Parse("80");
  Json tcp = Parse(R"("TCP")");
  EXPECT_EQ(FieldElement("spec"), "f:spec");
  EXPECT_EQ(ValueElement(name), R"(v:"web")");
  EXPECT_EQ(IndexElement(3), "i:3");
  // Key fields are written sorted by name.
  EXPECT_EQ(KeyElement({{"protocol", &tcp}, {"containerPort", &port}}),
            R"(k:{"containerPort":80,"protocol":"TCP"})");

  EXPECT_EQ(PathString({"f:spec", "f:replicas"}), ".spec.replicas");
  EXPECT_EQ(PathString({"f:spec", R"(k:{"name":"web"})", "f:image"}), R"(.spec[name="web"].image)");
  EXPECT_EQ(PathString({"f:ports", R"(k:{"containerPort":80,"protocol":"TCP"})"}),
            R"(.ports[containerPort=80,protocol="TCP"])");
  EXPECT_EQ(PathString({"f:metadata", "f:finalizers", R"(v:"a")"}),
            R"(.metadata.finalizers[="a"])");
  EXPECT_EQ(PathString({"f:args", "i:0"}), ".args[0]");
  // Strings print as Go quotes them.
  EXPECT_EQ(PathString({R"(v:"\u00e9\t")"}), "[=\"\u00e9\\t\"]");
}

}  // namespace
}  // namespace ekslite::fieldmanager

// Custom resources through the real handler: defaulting, pruning, schema
// validation, subresources, tables, patches, apply, several versions.
#include <gtest/gtest.h>

#include "storage/memory_store.h"
#include "tests/apiserver/crd/crd_test_util.h"

namespace ekslite::apiserver {
namespace {

using crd_test::kCrds;
using crd_test::kWidgets;
using crd_test::Server;
using crd_test::Text;
using crd_test::WidgetCrd;

constexpr const char* kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

class CustomResourceTest : public ::testing::Test {
 protected:
  CustomResourceTest() : store_(storage::NewMemoryStore()), server_(*store_) {
    auto r = server_.Post(kCrds, crd_test::kWidgetCrd);
    EXPECT_EQ(r.code, 201) << r.body;
  }

  testing::TestResponse CreateWidget(const std::string& name, const std::string& spec) {
    return server_.Post(std::string(kWidgets) + "?fieldValidation=Ignore",
                        R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":")" +
                            name + R"("},"spec":)" + spec + "}");
  }

  std::unique_ptr<storage::Store> store_;
  Server server_;
};

TEST_F(CustomResourceTest, CreateDefaultsAndPrunes) {
  auto r = CreateWidget("w", R"({"size":3,"bogus":1,"extra":{"anything":{"x":1}}})");
  ASSERT_EQ(r.code, 201) << r.body;
  Json w = r.Parsed();
  EXPECT_EQ(Text(*Path(w, "spec")),
            R"({"size":3,"extra":{"anything":{"x":1}},"color":"red","replicas":1})");
  EXPECT_EQ(IntAt(w, "metadata.generation").value_or(0), 1);
  EXPECT_EQ(Path(w, "status"), nullptr);
}

TEST_F(CustomResourceTest, SchemaValidationMessages) {
  auto big = CreateWidget("w", R"({"size":20})");
  EXPECT_EQ(big.code, 422);
  EXPECT_EQ(StringAt(big.Parsed(), "message"),
            "Widget.example.com \"w\" is invalid: spec.size: Invalid value: 20: spec.size in body "
            "should be less than or equal to 10");
  auto pink = CreateWidget("w", R"({"color":"pink"})");
  EXPECT_EQ(StringAt(pink.Parsed(), "message"),
            "Widget.example.com \"w\" is invalid: spec.color: Unsupported value: \"pink\": "
            "supported values: \"red\", \"blue\"");
  auto type = CreateWidget("w", R"({"size":"three"})");
  EXPECT_NE(StringAt(type.Parsed(), "message").find("spec.size in body must be of type integer"),
            std::string::npos)
      << type.body;
}

TEST_F(CustomResourceTest, StatusIsASubresource) {
  ASSERT_EQ(CreateWidget("w", R"({"size":2})").code, 201);
  Json w = server_.Get(std::string(kWidgets) + "/w").Parsed();
  JsonAllocator& a = w.GetAllocator();
  auto status = ParseJson(R"({"replicas":2,"phase":"Ready"})");
  SetMember(w, "status", JsonValue(*status, a), a);
  auto put = server_.Do(http::Verb::put, std::string(kWidgets) + "/w/status", Text(w));
  ASSERT_EQ(put.code, 200) << put.body;
  EXPECT_EQ(StringAt(put.Parsed(), "status.phase"), "Ready");
  EXPECT_EQ(IntAt(put.Parsed(), "metadata.generation").value_or(0), 1);
  // The main resource ignores status and counts spec changes.
  auto patch = server_.Do(http::Verb::patch, std::string(kWidgets) + "/w",
                          R"({"spec":{"size":4},"status":{"phase":"Lost"}})",
                          "application/merge-patch+json");
  ASSERT_EQ(patch.code, 200) << patch.body;
  EXPECT_EQ(StringAt(patch.Parsed(), "status.phase"), "Ready");
  EXPECT_EQ(IntAt(patch.Parsed(), "metadata.generation").value_or(0), 2);
}

TEST_F(CustomResourceTest, ScaleSubresource) {
  ASSERT_EQ(CreateWidget("w", R"({"replicas":2})").code, 201);
  auto scale = server_.Get(std::string(kWidgets) + "/w/scale");
  ASSERT_EQ(scale.code, 200) << scale.body;
  EXPECT_EQ(IntAt(scale.Parsed(), "spec.replicas").value_or(0), 2);
  auto patch = server_.Do(http::Verb::patch, std::string(kWidgets) + "/w/scale",
                          R"({"spec":{"replicas":5}})", "application/merge-patch+json");
  ASSERT_EQ(patch.code, 200) << patch.body;
  EXPECT_EQ(IntAt(server_.Get(std::string(kWidgets) + "/w").Parsed(), "spec.replicas").value_or(0),
            5);
}

TEST_F(CustomResourceTest, TableHasThePrinterColumns) {
  ASSERT_EQ(CreateWidget("w", R"({"size":3})").code, 201);
  auto t = server_.Do(http::Verb::get, kWidgets, "", "", {{"Accept", kTableAccept}});
  ASSERT_EQ(t.code, 200) << t.body;
  Json table = t.Parsed();
  std::string columns;
  for (const JsonValue& c : Path(table, "columnDefinitions")->GetArray()) {
    columns += std::string(StringAt(c, "name")) + ":" +
               std::to_string(IntAt(c, "priority").value_or(0)) + " ";
  }
  EXPECT_EQ(columns, "Name:0 Color:0 Size:1 Age:0 ");
  const JsonValue& cells = (*Path(table, "rows"))[0]["cells"];
  EXPECT_EQ(Text(cells[0]), R"("w")");
  EXPECT_EQ(Text(cells[1]), R"("red")");
  EXPECT_EQ(Text(cells[2]), "3");
}

TEST_F(CustomResourceTest, PatchTypes) {
  ASSERT_EQ(CreateWidget("w", R"({"size":3})").code, 201);
  std::string url = std::string(kWidgets) + "/w";
  auto merge = server_.Do(http::Verb::patch, url, R"({"spec":{"color":"blue"}})",
                          "application/merge-patch+json");
  EXPECT_EQ(StringAt(merge.Parsed(), "spec.color"), "blue");
  auto json =
      server_.Do(http::Verb::patch, url, R"([{"op":"replace","path":"/spec/size","value":5}])",
                 "application/json-patch+json");
  EXPECT_EQ(IntAt(json.Parsed(), "spec.size").value_or(0), 5);
  auto smp = server_.Do(http::Verb::patch, url, R"({"spec":{"size":6}})",
                        "application/strategic-merge-patch+json");
  EXPECT_EQ(smp.code, 415);
  EXPECT_EQ(StringAt(smp.Parsed(), "message"),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml");
}

TEST_F(CustomResourceTest, ServerSideApply) {
  std::string url = std::string(kWidgets) + "/applied?fieldManager=test";
  auto first = server_.Do(http::Verb::patch, url,
                          "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: applied\n"
                          "spec:\n  size: 4\n",
                          "application/apply-patch+yaml");
  ASSERT_EQ(first.code, 201) << first.body;
  EXPECT_EQ(StringAt(first.Parsed(), "spec.color"), "red");
  auto second = server_.Do(http::Verb::patch, url,
                           "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: applied\n"
                           "spec:\n  size: 5\n  color: blue\n",
                           "application/apply-patch+yaml");
  ASSERT_EQ(second.code, 200) << second.body;
  EXPECT_EQ(IntAt(second.Parsed(), "spec.size").value_or(0), 5);
  EXPECT_NE(Text(second.Parsed()).find("\"manager\":\"test\""), std::string::npos);
}

TEST_F(CustomResourceTest, VersionsShareStorageAndRelabel) {
  Json crd = server_.Get(std::string(kCrds) + "/widgets.example.com").Parsed();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue beta(crd["spec"]["versions"][0], a);
  SetString(beta, "name", "v1beta1", a);
  SetMember(beta, "storage", JsonValue(false), a);
  crd["spec"]["versions"].PushBack(beta, a);
  ASSERT_EQ(
      server_.Do(http::Verb::put, std::string(kCrds) + "/widgets.example.com", Text(crd)).code,
      200);
  auto created = server_.Post("/apis/example.com/v1beta1/namespaces/default/widgets",
                              R"({"apiVersion":"example.com/v1beta1","kind":"Widget",)"
                              R"("metadata":{"name":"b"},"spec":{"size":2}})");
  ASSERT_EQ(created.code, 201) << created.body;
  EXPECT_EQ(StringAt(created.Parsed(), "apiVersion"), "example.com/v1beta1");
  auto v1 = server_.Get(std::string(kWidgets) + "/b");
  EXPECT_EQ(StringAt(v1.Parsed(), "apiVersion"), "example.com/v1");
  EXPECT_EQ(StringAt(v1.Parsed(), "spec.color"), "red");
}

TEST_F(CustomResourceTest, ClusterScopedResources) {
  Json crd = WidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  SetString(crd["metadata"], "name", "gizmos.example.com", a);
  SetString(crd["spec"], "scope", "Cluster", a);
  JsonValue& names = crd["spec"]["names"];
  SetString(names, "plural", "gizmos", a);
  SetString(names, "singular", "gizmo", a);
  SetString(names, "kind", "Gizmo", a);
  RemoveMember(names, "shortNames");
  ASSERT_EQ(server_.Post(kCrds, Text(crd)).code, 201);
  auto created = server_.Post("/apis/example.com/v1/gizmos",
                              R"({"apiVersion":"example.com/v1","kind":"Gizmo",)"
                              R"("metadata":{"name":"g"}})");
  ASSERT_EQ(created.code, 201) << created.body;
  EXPECT_EQ(Path(created.Parsed(), "metadata.namespace"), nullptr);
  EXPECT_EQ(server_.Get("/apis/example.com/v1/gizmos/g").code, 200);
  EXPECT_EQ(server_.Get("/apis/example.com/v1/namespaces/default/gizmos/g").code, 404);
}

TEST_F(CustomResourceTest, WatchSeesChanges) {
  auto watch = server_.Get(std::string(kWidgets) + "?watch=true&resourceVersion=0");
  ASSERT_EQ(watch.code, 200);
  ASSERT_NE(watch.stream, nullptr);
  ASSERT_EQ(CreateWidget("w", "{}").code, 201);
  std::vector<Json> events = testing::ReadEvents(*watch.stream, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(StringAt(events[0], "type"), "ADDED");
  EXPECT_EQ(StringAt(events[0], "object.spec.color"), "red");
}

}  // namespace
}  // namespace ekslite::apiserver

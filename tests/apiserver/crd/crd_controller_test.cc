// CRDs through the real handler: status at once, discovery and OpenAPI,
// updates, deletion with cleanup, restarts, and requests racing CRD changes.
#include "apiserver/crd/crd_controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/memory_store.h"
#include "tests/apiserver/crd/crd_test_util.h"

namespace ekslite::apiserver {
namespace {

using crd_test::kCrds;
using crd_test::kWidgets;
using crd_test::Server;
using crd_test::Text;
using crd_test::WidgetCrd;

const JsonValue* Condition(const JsonValue& crd, std::string_view type) {
  const JsonValue* list = Path(crd, "status.conditions");
  if (list == nullptr || !list->IsArray()) return nullptr;
  for (const JsonValue& c : list->GetArray()) {
    if (StringAt(c, "type") == type) return &c;
  }
  return nullptr;
}

// Polls `done` for up to five seconds.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

class CrdControllerTest : public ::testing::Test {
 protected:
  CrdControllerTest() : store_(storage::NewMemoryStore()), server_(*store_) {}

  Json CreateWidgetCrd() {
    auto r = server_.Post(kCrds, crd_test::kWidgetCrd);
    EXPECT_EQ(r.code, 201) << r.body;
    return r.Parsed();
  }

  std::unique_ptr<storage::Store> store_;
  Server server_;
};

TEST_F(CrdControllerTest, CreateIsEstablishedAtOnce) {
  Json crd = CreateWidgetCrd();
  const JsonValue* names = Condition(crd, "NamesAccepted");
  const JsonValue* established = Condition(crd, "Established");
  ASSERT_NE(names, nullptr) << Text(crd);
  ASSERT_NE(established, nullptr) << Text(crd);
  EXPECT_EQ(StringAt(*names, "status"), "True");
  EXPECT_EQ(StringAt(*names, "reason"), "NoConflicts");
  EXPECT_EQ(StringAt(*names, "message"), "no conflicts found");
  EXPECT_EQ(StringAt(*established, "status"), "True");
  EXPECT_EQ(StringAt(*established, "reason"), "InitialNamesAccepted");
  EXPECT_EQ(StringAt(*established, "message"), "the initial names have been accepted");
  EXPECT_EQ(Text(*Path(crd, "status.acceptedNames")),
            R"({"plural":"widgets","singular":"widget","shortNames":["wd"],"kind":"Widget",)"
            R"("listKind":"WidgetList","categories":["all"]})");
  EXPECT_EQ(Text(*Path(crd, "status.storedVersions")), R"(["v1"])");
  EXPECT_EQ(StringAt(crd, "spec.conversion.strategy"), "None");
  EXPECT_EQ(IntAt(crd, "metadata.generation").value_or(0), 1);
}

TEST_F(CrdControllerTest, ServedVersionsAppearInDiscovery) {
  CreateWidgetCrd();
  auto list = server_.Get("/apis/example.com/v1");
  ASSERT_EQ(list.code, 200) << list.body;
  EXPECT_NE(list.body.find(R"("name":"widgets","singularName":"widget","namespaced":true,)"
                           R"("kind":"Widget")"),
            std::string::npos)
      << list.body;
  EXPECT_NE(list.body.find(R"("shortNames":["wd"],"categories":["all"])"), std::string::npos);
  EXPECT_NE(list.body.find(R"("name":"widgets/status")"), std::string::npos);
  EXPECT_NE(list.body.find(R"("name":"widgets/scale")"), std::string::npos);
  auto groups = server_.Get("/apis");
  EXPECT_NE(groups.body.find(R"({"name":"example.com","versions":[{"groupVersion":)"
                             R"("example.com/v1","version":"v1"}])"),
            std::string::npos)
      << groups.body;
  auto aggregated = server_.Do(
      http::Verb::get, "/apis", "", "",
      {{"Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"}});
  EXPECT_NE(aggregated.body.find(R"("resource":"widgets","responseKind":{"group":"example.com",)"
                                 R"("version":"v1","kind":"Widget"},"scope":"Namespaced")"),
            std::string::npos)
      << aggregated.body;
}

TEST_F(CrdControllerTest, OpenApiDocumentCarriesTheSchema) {
  CreateWidgetCrd();
  auto index = server_.Get("/openapi/v3");
  EXPECT_NE(index.body.find("\"apis/example.com/v1\""), std::string::npos) << index.body;
  auto doc = server_.Get("/openapi/v3/apis/example.com/v1");
  ASSERT_EQ(doc.code, 200);
  EXPECT_NE(doc.body.find("com.example.v1.Widget"), std::string::npos);
  EXPECT_NE(doc.body.find("What the widget should be."), std::string::npos);
}

TEST_F(CrdControllerTest, UpdateServesANewVersionAtOnce) {
  Json crd = CreateWidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue v2(crd["spec"]["versions"][0], a);
  SetString(v2, "name", "v2beta1", a);
  SetMember(v2, "storage", JsonValue(false), a);
  crd["spec"]["versions"].PushBack(v2, a);
  auto put = server_.Do(http::Verb::put, std::string(kCrds) + "/widgets.example.com", Text(crd));
  ASSERT_EQ(put.code, 200) << put.body;
  EXPECT_EQ(IntAt(put.Parsed(), "metadata.generation").value_or(0), 2);
  EXPECT_EQ(server_.Get("/apis/example.com/v2beta1").code, 200);
  auto group = server_.Get("/apis/example.com");
  EXPECT_NE(group.body.find(R"("preferredVersion":{"groupVersion":"example.com/v1")"),
            std::string::npos)
      << group.body;
}

TEST_F(CrdControllerTest, UpdateChangesColumnsAndSchemaAtOnce) {
  Json crd = CreateWidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue& v1 = crd["spec"]["versions"][0];
  auto shape = ParseJson(R"({"type":"string","default":"round"})");
  SetMember(v1["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"], "shape",
            JsonValue(*shape, a), a);
  auto columns = ParseJson(R"([{"name":"Shape","type":"string","jsonPath":".spec.shape"}])");
  SetMember(v1, "additionalPrinterColumns", JsonValue(*columns, a), a);
  auto put = server_.Do(http::Verb::put, std::string(kCrds) + "/widgets.example.com", Text(crd));
  ASSERT_EQ(put.code, 200) << put.body;
  auto w = server_.Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                  R"("metadata":{"name":"w"},"spec":{}})");
  ASSERT_EQ(w.code, 201) << w.body;
  EXPECT_EQ(StringAt(w.Parsed(), "spec.shape"), "round");
  auto table = server_.Do(http::Verb::get, kWidgets, "", "",
                          {{"Accept", "application/json;as=Table;v=v1;g=meta.k8s.io"}});
  EXPECT_NE(table.body.find(R"({"name":"Shape","type":"string")"), std::string::npos) << table.body;
  EXPECT_NE(table.body.find(R"("cells":["w","round"])"), std::string::npos) << table.body;
}

TEST_F(CrdControllerTest, OnlyServedVersionsAreServed) {
  Json crd = WidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue off(crd["spec"]["versions"][0], a);
  SetString(off, "name", "v1alpha1", a);
  SetMember(off, "served", JsonValue(false), a);
  SetMember(off, "storage", JsonValue(false), a);
  crd["spec"]["versions"].PushBack(off, a);
  ASSERT_EQ(server_.Post(kCrds, Text(crd)).code, 201);
  EXPECT_EQ(server_.Get("/apis/example.com/v1").code, 200);
  EXPECT_EQ(server_.Get("/apis/example.com/v1alpha1").code, 404);
  EXPECT_EQ(server_.Get("/apis/example.com/v1alpha1/namespaces/default/widgets").code, 404);
}

TEST_F(CrdControllerTest, DeleteRemovesObjectsAndDiscovery) {
  CreateWidgetCrd();
  ASSERT_EQ(server_
                .Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                R"("metadata":{"name":"w1"},"spec":{"size":2}})")
                .code,
            201);
  auto del = server_.Do(http::Verb::delete_, std::string(kCrds) + "/widgets.example.com");
  ASSERT_EQ(del.code, 200) << del.body;
  Json terminating = del.Parsed();
  EXPECT_NE(Text(terminating).find("customresourcecleanup.apiextensions.k8s.io"),
            std::string::npos);
  const JsonValue* cond = Condition(terminating, "Terminating");
  ASSERT_NE(cond, nullptr);
  EXPECT_EQ(StringAt(*cond, "reason"), "InstanceDeletionPending");
  EXPECT_TRUE(Eventually(
      [&] { return server_.Get(std::string(kCrds) + "/widgets.example.com").code == 404; }));
  // The group leaves discovery just after the CRD object is gone.
  EXPECT_TRUE(Eventually([&] { return server_.Get("/apis/example.com/v1").code == 404; }));
  EXPECT_EQ(server_.Get("/apis").body.find("example.com"), std::string::npos);
  // The objects went with it: a new CRD of the same name starts empty.
  CreateWidgetCrd();
  auto list = server_.Get(kWidgets);
  EXPECT_EQ(Text(*Path(list.Parsed(), "items")), "[]");
}

TEST_F(CrdControllerTest, CreatesAreRefusedWhileTerminating) {
  CreateWidgetCrd();
  ASSERT_EQ(server_
                .Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                R"("metadata":{"name":"held","finalizers":["example.com/hold"]}})")
                .code,
            201);
  ASSERT_EQ(server_.Do(http::Verb::delete_, std::string(kCrds) + "/widgets.example.com").code, 200);
  auto refused = server_.Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                        R"("metadata":{"name":"late"}})");
  EXPECT_EQ(refused.code, 405) << refused.body;
  EXPECT_NE(refused.body.find("create not allowed while custom resource definition is terminating"),
            std::string::npos);
  EXPECT_TRUE(Eventually([&] {
    const JsonValue* c = nullptr;
    Json crd = server_.Get(std::string(kCrds) + "/widgets.example.com").Parsed();
    c = Condition(crd, "Terminating");
    return c != nullptr && StringAt(*c, "reason") == "InstanceDeletionInProgress";
  }));
  // Releasing the object lets the deletion finish.
  auto patch = server_.Do(http::Verb::patch, std::string(kWidgets) + "/held",
                          R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  ASSERT_EQ(patch.code, 200) << patch.body;
  EXPECT_TRUE(Eventually(
      [&] { return server_.Get(std::string(kCrds) + "/widgets.example.com").code == 404; }));
}

TEST_F(CrdControllerTest, ConflictingNamesAreNotAccepted) {
  CreateWidgetCrd();
  Json other = WidgetCrd();
  JsonAllocator& a = other.GetAllocator();
  SetString(other["metadata"], "name", "gadgets.example.com", a);
  SetString(other["spec"]["names"], "plural", "gadgets", a);
  SetString(other["spec"]["names"], "singular", "gadget", a);
  SetString(other["spec"]["names"], "kind", "Gadget", a);
  auto r = server_.Post(kCrds, Text(other));
  ASSERT_EQ(r.code, 201) << r.body;
  Json crd = r.Parsed();
  const JsonValue* names = Condition(crd, "NamesAccepted");
  ASSERT_NE(names, nullptr);
  EXPECT_EQ(StringAt(*names, "status"), "False");
  EXPECT_EQ(StringAt(*names, "reason"), "ShortNamesConflict");
  EXPECT_EQ(StringAt(*names, "message"), "\"wd\" is already in use");
  EXPECT_EQ(StringAt(*Condition(crd, "Established"), "reason"), "NotAccepted");
  EXPECT_EQ(server_.Get("/apis/example.com/v1/namespaces/default/gadgets").code, 404);
}

TEST_F(CrdControllerTest, RestartServesStoredCrds) {
  CreateWidgetCrd();
  ASSERT_EQ(server_
                .Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                R"("metadata":{"name":"w1"},"spec":{}})")
                .code,
            201);
  Server restarted(*store_);
  ASSERT_TRUE(restarted.ok());
  auto w = restarted.Get(std::string(kWidgets) + "/w1");
  EXPECT_EQ(w.code, 200) << w.body;
  EXPECT_EQ(StringAt(w.Parsed(), "spec.color"), "red") << w.body;
  EXPECT_EQ(restarted.Get("/apis/example.com/v1").code, 200);
}

TEST_F(CrdControllerTest, RequestsRaceCrdChanges) {
  std::atomic<bool> stop{false};
  std::atomic<int> served{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        server_.Get("/apis");
        server_.Get("/apis/example.com/v1");
        server_.Get("/openapi/v3");
        auto r = server_.Get(kWidgets);
        if (r.code == 200) ++served;
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    CreateWidgetCrd();
    EXPECT_EQ(server_
                  .Post(kWidgets, R"({"apiVersion":"example.com/v1","kind":"Widget",)"
                                  R"("metadata":{"name":"w"}})")
                  .code,
              201);
    // Let the readers meet the served resource before it goes.
    Eventually([&] { return served.load() > i; });
    server_.Do(http::Verb::delete_, std::string(kCrds) + "/widgets.example.com");
    Eventually(
        [&] { return server_.Get(std::string(kCrds) + "/widgets.example.com").code == 404; });
  }
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_GT(served.load(), 0);
  // The group leaves discovery just after the CRD object is gone.
  EXPECT_TRUE(Eventually([&] { return server_.Get("/apis/example.com/v1").code == 404; }));
}

}  // namespace
}  // namespace ekslite::apiserver

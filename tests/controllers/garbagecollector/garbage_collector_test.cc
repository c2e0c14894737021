#include "controllers/garbagecollector/garbage_collector.h"

#include <gtest/gtest.h>

#include "controllers/common/controller_ref.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {
namespace {

namespace r = client::resources;

class GarbageCollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GarbageCollectorOptions options;
    options.workers = 2;
    options.resources = {{r::kConfigMaps, "ConfigMap", true}, {r::kPods, "Pod", true}};
    gc_ = NewGarbageCollector(env_.client(), env_.informers(), options);
    env_.Start(*gc_);
  }
  void TearDown() override { gc_->Stop(); }

  // A ConfigMap `name`; `owners` is the JSON of its ownerReferences.
  Json Map(const std::string& name, const std::string& owners = "[]") {
    return env_.Create(r::kConfigMaps, "default",
                       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                           R"(","ownerReferences":)" + owners + "}}");
  }
  static std::string Ref(const Json& owner, bool block = false) {
    return R"({"apiVersion":"v1","kind":"ConfigMap","name":")" + std::string(StringAt(owner, "metadata.name")) +
           R"(","uid":")" + std::string(StringAt(owner, "metadata.uid")) + R"(","blockOwnerDeletion":)" +
           (block ? "true" : "false") + "}";
  }
  bool Gone(const std::string& name) { return env_.Get(r::kConfigMaps, "default", name).IsNull(); }
  void Delete(const std::string& name, const std::string& policy) {
    client::DeleteOptions options;
    options.propagation_policy = policy;
    auto deleted = env_.client().Resource(r::kConfigMaps, "default").Delete(name, options);
    ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  }

  testing::ControllerEnv env_;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> gc_;
};

TEST_F(GarbageCollectorTest, BackgroundDeletionRemovesDependentsAfterTheOwner) {
  Json owner = Map("owner");
  Map("child", "[" + Ref(owner) + "]");
  Map("grandchild", "[" + Ref(env_.Get(r::kConfigMaps, "default", "child")) + "]");
  Delete("owner", "Background");
  EXPECT_TRUE(Gone("owner"));
  EXPECT_TRUE(testing::WaitFor([&] { return Gone("child") && Gone("grandchild"); }));
}

TEST_F(GarbageCollectorTest, AnOwnerWithTheSameNameButAnotherUidIsAbsent) {
  Map("namesake");
  Map("dependent", R"([{"apiVersion":"v1","kind":"ConfigMap","name":"namesake","uid":"not-the-uid"}])");
  EXPECT_TRUE(testing::WaitFor([&] { return Gone("dependent"); }));
  EXPECT_FALSE(Gone("namesake"));
}

TEST_F(GarbageCollectorTest, ForegroundDeletionWaitsForBlockingDependents) {
  Json owner = Map("fg-owner");
  Map("fg-child", "[" + Ref(owner, true) + "]");
  Delete("fg-owner", "Foreground");
  Json marked = env_.Get(r::kConfigMaps, "default", "fg-owner");
  if (marked.IsObject()) {
    EXPECT_FALSE(StringAt(marked, "metadata.deletionTimestamp").empty());
    EXPECT_EQ(ToJsonString(*Path(marked, "metadata.finalizers")), R"(["foregroundDeletion"])");
  }
  EXPECT_TRUE(testing::WaitFor([&] { return Gone("fg-child") && Gone("fg-owner"); }));
}

TEST_F(GarbageCollectorTest, OrphanDeletionKeepsDependentsWithoutTheReference) {
  Json owner = Map("or-owner");
  Map("or-child", "[" + Ref(owner, true) + "]");
  Delete("or-owner", "Orphan");
  EXPECT_TRUE(testing::WaitFor([&] { return Gone("or-owner"); }));
  Json child = env_.Get(r::kConfigMaps, "default", "or-child");
  ASSERT_TRUE(child.IsObject());
  EXPECT_TRUE(OwnerRefsOf(child).empty());
}

TEST_F(GarbageCollectorTest, ADependentWithAnotherOwnerOnlyLosesTheAbsentReference) {
  Json keep = Map("keeper");
  Json go = Map("goner");
  Map("shared", "[" + Ref(keep) + "," + Ref(go) + "]");
  Delete("goner", "Background");
  EXPECT_TRUE(testing::WaitFor([&] {
    Json shared = env_.Get(r::kConfigMaps, "default", "shared");
    return shared.IsObject() && OwnerRefsOf(shared).size() == 1;
  }));
  Json shared = env_.Get(r::kConfigMaps, "default", "shared");
  EXPECT_EQ(OwnerRefsOf(shared)[0].name, "keeper");
}

// Custom resources take part once their CRD is Established: as owners and
// as dependents.
TEST_F(GarbageCollectorTest, CustomResourcesOwnAndAreOwned) {
  env_.Create(r::kCustomResourceDefinitions, "",
              R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",)"
              R"("metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced",)"
              R"("names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},)"
              R"("versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":)"
              R"({"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  const client::GroupVersionResource widgets{"example.com", "v1", "widgets"};
  ASSERT_TRUE(testing::WaitFor([&] {
    auto list = env_.client().Resource(widgets, "default").List();
    return list.ok();
  }));
  auto widget = [&](const std::string& name, const std::string& owners) {
    return env_.Create(widgets, "default",
                       R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":")" + name +
                           R"(","ownerReferences":)" + owners + "}}");
  };
  // A ConfigMap owned by a Widget goes with it.
  Json owner = widget("owner", "[]");
  Map("owned-by-widget", R"([{"apiVersion":"example.com/v1","kind":"Widget","name":"owner","uid":")" +
                             std::string(StringAt(owner, "metadata.uid")) + R"("}])");
  // A Widget owned by a ConfigMap goes with it.
  Json map = Map("map-owner");
  widget("owned-by-map", "[" + Ref(map) + "]");
  auto widget_gone = [&](const std::string& name) {
    return env_.client().Resource(widgets, "default").Get(name).status().IsNotFound();
  };
  ASSERT_TRUE(env_.client().Resource(widgets, "default").Delete("owner").ok());
  EXPECT_TRUE(testing::WaitFor([&] { return Gone("owned-by-widget"); }));
  Delete("map-owner", "Background");
  EXPECT_TRUE(testing::WaitFor([&] { return widget_gone("owned-by-map"); }));
}

}  // namespace
}  // namespace ekslite::controllers

#include "controllers/namespace/namespace_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/pod_util.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {
namespace {

namespace r = client::resources;

TEST(NamespaceControllerTest, EmptiesATerminatingNamespaceAndFinalizesIt) {
  testing::ControllerEnv env;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller = NewNamespaceController(env.client(), env.informers());
  env.Start(*controller);
  env.Create(r::kNamespaces, "", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"doomed"}})");
  env.Create(r::kConfigMaps, "doomed", R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}})");
  env.Create(r::kSecrets, "doomed", R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}})");
  env.Create(r::kPods, "doomed",
             R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x"}]}})");
  // A finalizer someone else must clear keeps the namespace until it does.
  env.Create(r::kConfigMaps, "doomed",
             R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","finalizers":["example.com/hold"]}})");
  auto deleted = env.client().Resource(r::kNamespaces).Delete("doomed");
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  ASSERT_TRUE(testing::WaitFor([&] {
    Json ns = env.Get(r::kNamespaces, "", "doomed");
    const JsonValue* c = ns.IsObject() ? FindCondition(ns, "NamespaceFinalizersRemaining") : nullptr;
    return c != nullptr && StringAt(*c, "status") == "True";
  }));
  Json ns = env.Get(r::kNamespaces, "", "doomed");
  EXPECT_EQ(StringAt(ns, "status.phase"), "Terminating");
  EXPECT_EQ(std::string(StringAt(*FindCondition(ns, "NamespaceFinalizersRemaining"), "message")),
            "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
  EXPECT_EQ(std::string(StringAt(*FindCondition(ns, "NamespaceContentRemaining"), "message")),
            "Some resources are remaining: configmaps has 1 resource instances");
  EXPECT_TRUE(env.Get(r::kPods, "doomed", "p").IsNull());
  EXPECT_TRUE(env.Get(r::kSecrets, "doomed", "s").IsNull());
  auto released = env.client().Resource(r::kConfigMaps, "doomed")
                      .Patch("held", client::PatchType::kMerge, R"({"metadata":{"finalizers":null}})");
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_TRUE(testing::WaitFor([&] { return env.Get(r::kNamespaces, "", "doomed").IsNull(); }));
  controller->Stop();
}

}  // namespace
}  // namespace ekslite::controllers

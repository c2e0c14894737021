// The disruption controller together with the apiserver's pods/eviction:
// evictions spend the budget the controller computes, and are refused with
// 429 once it is spent.
#include "controllers/disruption/disruption_controller.h"

#include <gtest/gtest.h>

#include "core/client/resource.h"
#include "core/client/subresources.h"
#include "tests/testing/controller_env.h"

namespace ekslite {
namespace {

using client::resources::kPodDisruptionBudgets;
using client::resources::kPods;
using testing::ControllerEnv;
using testing::WaitFor;

void CreateReadyPod(ControllerEnv& env, const std::string& name) {
  env.Create(
      kPods, "default",
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
          R"(","labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_TRUE(env.SetPodStatus("default", name, "Running", true).ok());
}

TEST(DisruptionControllerTest, ComputesBudgetAndEvictionsSpendIt) {
  ControllerEnv env;
  controllers::DisruptionController controller(env.client(), env.informers());
  env.Start(controller);
  for (const char* name : {"db-0", "db-1", "db-2"}) CreateReadyPod(env, name);
  env.Create(kPodDisruptionBudgets, "default",
             R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"db"},)"
             R"("spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"db"}}}})");
  ASSERT_TRUE(WaitFor([&] {
    Json pdb = env.Get(kPodDisruptionBudgets, "default", "db");
    return IntAt(pdb, "status.disruptionsAllowed") == 1 && IntAt(pdb, "status.currentHealthy") == 3;
  }));
  Json pdb = env.Get(kPodDisruptionBudgets, "default", "db");
  EXPECT_EQ(IntAt(pdb, "status.desiredHealthy"), 2);
  EXPECT_EQ(IntAt(pdb, "status.expectedPods"), 3);
  EXPECT_EQ(IntAt(pdb, "status.observedGeneration"), IntAt(pdb, "metadata.generation"));

  ASSERT_TRUE(client::EvictPod(env.client(), "default", "db-0").ok());
  EXPECT_FALSE(env.Get(kPods, "default", "db-0").IsObject());
  // The budget is spent: the next eviction is refused with the budget's cause.
  Status refused;
  ASSERT_TRUE(WaitFor([&] {
    refused = client::EvictPod(env.client(), "default", "db-1");
    return !refused.ok();
  }));
  EXPECT_EQ(refused.code(), Code::kTooManyRequests) << refused.ToString();
  EXPECT_EQ(refused.message(), "Cannot evict pod as it would violate the pod's disruption budget.");
  EXPECT_TRUE(env.Get(kPods, "default", "db-1").IsObject());
  ASSERT_TRUE(WaitFor([&] {
    Json now = env.Get(kPodDisruptionBudgets, "default", "db");
    const JsonValue* c = Path(now, "status.conditions");
    return c && c->IsArray() && !c->Empty() && StringAt((*c)[0u], "reason") == "InsufficientPods";
  }));
}

TEST(DisruptionControllerTest, EvictionWithoutBudgetDeletesPod) {
  ControllerEnv env;
  CreateReadyPod(env, "lonely");
  ASSERT_TRUE(client::EvictPod(env.client(), "default", "lonely").ok());
  EXPECT_FALSE(env.Get(kPods, "default", "lonely").IsObject());
  EXPECT_TRUE(client::EvictPod(env.client(), "default", "lonely").IsNotFound());
}

// An evicted pod that cannot vanish at once (a finalizer holds it) shows why
// it is going: DisruptionTarget=True, reason EvictionByEvictionAPI.
TEST(DisruptionControllerTest, EvictedPodIsMarkedAsADisruptionTarget) {
  ControllerEnv env;
  env.Create(kPods, "default",
             R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"held","finalizers":["example.com/hold"]},)"
             R"("spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_TRUE(env.SetPodStatus("default", "held", "Running", true).ok());
  ASSERT_TRUE(client::EvictPod(env.client(), "default", "held").ok());
  Json pod = env.Get(kPods, "default", "held");
  ASSERT_TRUE(pod.IsObject());
  EXPECT_NE(Path(pod, "metadata.deletionTimestamp"), nullptr);
  const JsonValue* conditions = Path(pod, "status.conditions");
  ASSERT_NE(conditions, nullptr);
  bool marked = false;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") != "DisruptionTarget") continue;
    marked = true;
    EXPECT_EQ(StringAt(c, "status"), "True");
    EXPECT_EQ(StringAt(c, "reason"), "EvictionByEvictionAPI");
    EXPECT_EQ(StringAt(c, "message"), "Eviction API: evicting");
  }
  EXPECT_TRUE(marked);
  // The Ready condition written before is still there.
  EXPECT_EQ(conditions->Size(), 2u);
}

}  // namespace
}  // namespace ekslite

#include "controllers/nodelifecycle/node_lifecycle_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/pod_util.h"
#include "controllers/nodelifecycle/node_health.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"
#include "tests/testing/fake_clock.h"

namespace ekslite {
namespace {

using client::resources::kNodes;
using client::resources::kPods;
using testing::ControllerEnv;
using testing::WaitFor;

bool HasTaint(const JsonValue& node, std::string_view key, std::string_view effect) {
  const JsonValue* taints = Path(node, "spec.taints");
  if (taints == nullptr || !taints->IsArray()) return false;
  for (const JsonValue& t : taints->GetArray()) {
    if (StringAt(t, "key") == key && StringAt(t, "effect") == effect) return true;
  }
  return false;
}

TEST(NodeLifecycleControllerTest, SilentNodeBecomesUnknownTaintedAndItsPodsAreEvicted) {
  // DefaultTolerationSeconds admission gives pods 300 s of unreachable.
  ControllerEnv env;
  env.CreateNode("n1");
  env.Create(
      kPods, "default",
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"tolerant"},"spec":{"nodeName":"n1",)"
      R"("containers":[{"name":"c","image":"busybox"}]}})");
  env.Create(
      kPods, "default",
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"forever"},"spec":{"nodeName":"n1",)"
      R"("tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}],)"
      R"("containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_TRUE(env.SetPodStatus("default", "tolerant", "Running", true).ok());
  Json pod = env.Get(kPods, "default", "tolerant");
  const JsonValue* tolerations = Path(pod, "spec.tolerations");
  ASSERT_TRUE(tolerations && tolerations->IsArray() && tolerations->Size() == 2);
  EXPECT_EQ(IntAt((*tolerations)[1], "tolerationSeconds"), 300);

  testing::FakeClock clock;
  // The fake clock starts near the epoch: move it to the real time.
  clock.Advance(RealClock().Now() - clock.Now());
  controllers::NodeLifecycleControllerOptions options;
  options.clock = &clock;
  options.grace_period = std::chrono::seconds(40);
  options.monitor_period = std::chrono::hours(1);  // the test drives the passes
  controllers::NodeLifecycleController controller(env.client(), env.informers(), options);
  env.Start(controller);
  ASSERT_TRUE(controller.MonitorOnce().ok());
  EXPECT_EQ(controllers::ConditionStatus(env.Get(kNodes, "", "n1"), "Ready"), "True");

  clock.Advance(std::chrono::seconds(41));
  ASSERT_TRUE(controller.MonitorOnce().ok());
  Json node = env.Get(kNodes, "", "n1");
  const JsonValue* ready = controllers::FindCondition(node, "Ready");
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(StringAt(*ready, "status"), "Unknown");
  EXPECT_EQ(StringAt(*ready, "reason"), "NodeStatusUnknown");
  EXPECT_EQ(StringAt(*ready, "message"), "Kubelet stopped posting node status.");
  ASSERT_TRUE(
      WaitFor([&] { return !controllers::IsPodReady(env.Get(kPods, "default", "tolerant")); }));
  // The next pass taints the node from its new status.
  ASSERT_TRUE(WaitFor([&] {
    (void)controller.MonitorOnce();
    Json n = env.Get(kNodes, "", "n1");
    return HasTaint(n, "node.kubernetes.io/unreachable", "NoExecute") &&
           HasTaint(n, "node.kubernetes.io/unreachable", "NoSchedule");
  }));
  // Within the toleration the pod stays; after it, it is deleted.
  (void)controller.MonitorOnce();
  EXPECT_TRUE(env.Get(kPods, "default", "tolerant").IsObject());
  clock.Advance(std::chrono::seconds(301));
  ASSERT_TRUE(WaitFor([&] {
    (void)controller.MonitorOnce();
    Json p = env.Get(kPods, "default", "tolerant");
    return !p.IsObject() || Path(p, "metadata.deletionTimestamp") != nullptr;
  }));
  Json forever = env.Get(kPods, "default", "forever");
  EXPECT_TRUE(forever.IsObject() && Path(forever, "metadata.deletionTimestamp") == nullptr);
}

TEST(NodeHealthTest, TaintsFollowReadyAndKeepOthers) {
  auto node = ParseJson(R"({"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}})");
  Clock::time_point now = RealClock().Now();
  EXPECT_TRUE(controllers::nodelifecycle::SetLifecycleTaints(*node, "False", now));
  EXPECT_TRUE(HasTaint(*node, "node.kubernetes.io/not-ready", "NoExecute"));
  EXPECT_TRUE(HasTaint(*node, "a", "NoSchedule"));
  EXPECT_FALSE(controllers::nodelifecycle::SetLifecycleTaints(*node, "False", now));
  EXPECT_TRUE(controllers::nodelifecycle::SetLifecycleTaints(*node, "True", now));
  EXPECT_FALSE(HasTaint(*node, "node.kubernetes.io/not-ready", "NoExecute"));
  EXPECT_TRUE(HasTaint(*node, "a", "NoSchedule"));
}

}  // namespace
}  // namespace ekslite

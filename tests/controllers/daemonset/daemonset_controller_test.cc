#include "controllers/daemonset/daemonset_controller.h"

#include <gtest/gtest.h>

#include <set>

#include "controllers/daemonset/daemon_pods.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite {
namespace {

using client::resources::kDaemonSets;
using client::resources::kPods;
using testing::ControllerEnv;
using testing::WaitFor;

constexpr char kDaemonSet[] =
    R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},"spec":{)"
    R"("selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},)"
    R"("spec":{"nodeSelector":{"role":"worker"},"containers":[{"name":"c","image":"busybox"}]}}}})";

std::set<std::string> PodNodes(ControllerEnv& env) {
  std::set<std::string> nodes;
  for (const auto& p : env.List(kPods, "default", "app=agent")) {
    if (Path(*p, "metadata.deletionTimestamp") == nullptr) {
      nodes.insert(controllers::daemonset::NodeOfPod(*p));
    }
  }
  return nodes;
}

TEST(DaemonSetControllerTest, OnePodPerEligibleNodePinnedByAffinity) {
  ControllerEnv env;
  env.CreateNode("n1", R"({"role":"worker"})");
  env.CreateNode("n2", R"({"role":"worker"})");
  env.CreateNode("n3", R"({"role":"db"})");
  env.CreateNode("n4", R"({"role":"worker"})",
                 R"([{"key":"dedicated","value":"x","effect":"NoSchedule"}])");
  env.CreateNode("n5", R"({"role":"worker"})",
                 R"([{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule"}])");
  controllers::DaemonSetController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kDaemonSets, "default", kDaemonSet);
  ASSERT_TRUE(WaitFor([&] { return PodNodes(env) == std::set<std::string>{"n1", "n2", "n5"}; }));
  ASSERT_TRUE(WaitFor([&] {
    return IntAt(env.Get(kDaemonSets, "default", "agent"), "status.desiredNumberScheduled") == 3;
  }));
  Json pod = env.Get(
      kPods, "default",
      std::string(StringAt(*env.List(kPods, "default", "app=agent").front(), "metadata.name")));
  EXPECT_FALSE(StringAt(pod, "metadata.labels.controller-revision-hash").empty());
  // A new eligible node gets its pod.
  env.CreateNode("n6", R"({"role":"worker"})");
  ASSERT_TRUE(WaitFor([&] { return PodNodes(env).count("n6") == 1; }));
}

TEST(DaemonSetControllerTest, RollingUpdateReplacesPods) {
  ControllerEnv env;
  env.CreateNode("n1", R"({"role":"worker"})");
  env.CreateNode("n2", R"({"role":"worker"})");
  controllers::DaemonSetController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kDaemonSets, "default", kDaemonSet);
  ASSERT_TRUE(WaitFor([&] { return PodNodes(env).size() == 2; }));
  auto hashes = [&] {
    std::set<std::string> out;
    for (const auto& p : env.List(kPods, "default", "app=agent")) {
      if (Path(*p, "metadata.deletionTimestamp") != nullptr) continue;
      out.insert(std::string(StringAt(*p, "metadata.labels.controller-revision-hash")));
      (void)env.SetPodStatus("default", std::string(StringAt(*p, "metadata.name")), "Running",
                             true);
    }
    return out;
  };
  std::set<std::string> before = hashes();
  ASSERT_EQ(before.size(), 1u);
  ASSERT_TRUE(
      env.client()
          .Resource(kDaemonSets, "default")
          .Patch(
              "agent", client::PatchType::kMerge,
              R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}})")
          .ok());
  ASSERT_TRUE(WaitFor([&] {
    std::set<std::string> now = hashes();
    return now.size() == 1 && *now.begin() != *before.begin() && PodNodes(env).size() == 2;
  }));
  ASSERT_TRUE(WaitFor([&] {
    return IntAt(env.Get(kDaemonSets, "default", "agent"), "status.updatedNumberScheduled") == 2;
  }));
}

}  // namespace
}  // namespace ekslite

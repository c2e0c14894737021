// Simulated nodes against the real apiserver handler over the memory store
// (loopback transport): registration, leases, pods run to their outcome and
// deletion, and a restart that takes over its nodes.
#include "kubelet/simulated_nodes.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/client/informer_factory.h"
#include "tests/core/client/test_cluster.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::kubelet {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::TestCluster;

class SimulatedNodesTest : public ::testing::Test {
 protected:
  void TearDown() override { StopNodes(); }

  void StartNodes(int count, Clock* clock = &RealClock()) {
    client::InformerFactoryOptions factory_options;
    factory_options.transform = client::DropManagedFields();
    factory_options.clock = clock;
    factory_ = std::make_unique<client::InformerFactory>(cluster_.client(), factory_options);
    SimulatedNodesOptions options;
    options.count = count;
    options.name_prefix = "sim-";
    options.node.cpu = "8";
    options.node.memory = "32Gi";
    options.node.pods = 50;
    options.clock = clock;
    auto nodes = NewSimulatedNodes(cluster_.client(), *factory_, options);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    nodes_ = std::move(*nodes);
    factory_->Start();
    ASSERT_TRUE(nodes_->Start().ok());
    ASSERT_TRUE(Eventually([&] { return nodes_->RegisteredNodes() == count; }));
  }

  void StopNodes() {
    if (nodes_) nodes_->Stop();
    if (factory_) factory_->Shutdown();
    nodes_.reset();
    factory_.reset();
  }

  client::ResourceClient Pods() {
    return cluster_.client().Resource(client::resources::kPods, "default");
  }

  void CreatePod(const std::string& name, const std::string& node,
                 const std::string& extra_spec = "", const std::string& annotations = "{}") {
    auto pod = ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                         R"(","annotations":)" + annotations + R"(},"spec":{"nodeName":")" + node +
                         "\"," + extra_spec + R"("containers":[{"name":"web","image":"nginx"}]}})");
    ASSERT_TRUE(pod.ok()) << pod.status().ToString();
    auto created = Pods().Create(*pod);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  // Waits until pod `name` has phase `phase`; returns it (null JSON if not).
  Json WaitForPhase(const std::string& name, std::string_view phase) {
    Json pod;
    Eventually([&] {
      auto got = Pods().Get(name);
      if (!got.ok()) return false;
      pod = std::move(*got);
      return StringAt(pod, "status.phase") == phase;
    });
    return pod;
  }

  TestCluster cluster_;
  std::unique_ptr<client::InformerFactory> factory_;
  std::unique_ptr<SimulatedNodes> nodes_;
};

TEST_F(SimulatedNodesTest, RegistersReadyNodesWithCapacityAndLeases) {
  StartNodes(3);
  auto nodes = cluster_.client().Resource(client::resources::kNodes).List();
  ASSERT_TRUE(nodes.ok());
  ASSERT_EQ(nodes->items.size(), 3u);
  std::set<std::string> cidrs;
  for (const client::ObjectPtr& node : nodes->items) {
    EXPECT_EQ(StringAt(*node, "status.capacity.cpu"), "8");
    EXPECT_EQ(StringAt(*node, "status.allocatable.memory"), "32Gi");
    EXPECT_EQ(StringAt(*node, "status.capacity.pods"), "50");
    EXPECT_EQ(StringAt(*node, "status.nodeInfo.kubeletVersion").substr(0, 6), "v1.32.");
    EXPECT_EQ(StringAt(*node, "status.nodeInfo.architecture"), "amd64");
    const JsonValue* labels = Path(*node, "metadata.labels");
    ASSERT_NE(labels, nullptr);
    EXPECT_EQ(View(*Member(*labels, "kubernetes.io/hostname")), StringAt(*node, "metadata.name"));
    cidrs.insert(std::string(StringAt(*node, "spec.podCIDR")));
    bool ready = false;
    for (const JsonValue& c : (*Path(*node, "status.conditions")).GetArray()) {
      if (StringAt(c, "type") == "Ready") {
        ready = StringAt(c, "status") == "True" && StringAt(c, "reason") == "KubeletReady";
      }
    }
    EXPECT_TRUE(ready);
  }
  EXPECT_EQ(cidrs, (std::set<std::string>{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"}));
  auto leases = cluster_.client().Resource(client::resources::kLeases, "kube-node-lease");
  ASSERT_TRUE(Eventually([&] { return leases.Get("sim-2").ok(); }));
  auto lease = leases.Get("sim-2");
  EXPECT_EQ(StringAt(*lease, "spec.holderIdentity"), "sim-2");
  EXPECT_EQ(IntAt(*lease, "spec.leaseDurationSeconds"), 40);
  EXPECT_EQ(StringAt((*lease)["metadata"]["ownerReferences"][0], "kind"), "Node");
}

TEST_F(SimulatedNodesTest, RenewsLeasesEveryTenSeconds) {
  testing::FakeClock clock;
  StartNodes(1, &clock);
  auto leases = cluster_.client().Resource(client::resources::kLeases, "kube-node-lease");
  ASSERT_TRUE(Eventually([&] { return leases.Get("sim-0").ok(); }));
  std::string first(StringAt(*leases.Get("sim-0"), "spec.renewTime"));
  // The next renewal is timed from when the last one finished, which may be
  // after a single Advance: keep time moving in 10 s steps until it shows.
  EXPECT_TRUE(Eventually([&] {
    clock.Advance(10s);
    auto lease = leases.Get("sim-0");
    return lease.ok() && StringAt(*lease, "spec.renewTime") != first;
  }));
  StopNodes();  // before `clock` goes
}

TEST_F(SimulatedNodesTest, PodBoundToANodeRunsWithAnAddressFromItsBlock) {
  StartNodes(2);
  CreatePod("web", "sim-1");
  Json pod = WaitForPhase("web", "Running");
  ASSERT_EQ(StringAt(pod, "status.phase"), "Running");
  EXPECT_EQ(StringAt(pod, "status.podIP").substr(0, 9), "10.244.1.");
  EXPECT_FALSE(StringAt(pod, "status.hostIP").empty());
  EXPECT_FALSE(StringAt(pod, "status.startTime").empty());
  const JsonValue& c = pod["status"]["containerStatuses"][0];
  EXPECT_TRUE(Member(c, "ready")->GetBool());
  EXPECT_NE(Path(c, "state.running.startedAt"), nullptr);
  // The kubelet's events, as kubectl describe shows them.
  auto events = cluster_.client().Resource(client::resources::kEvents, "default");
  EXPECT_TRUE(Eventually([&] {
    auto list = events.List();
    if (!list.ok()) return false;
    for (const client::ObjectPtr& e : list->items) {
      if (StringAt(*e, "reason") == "Started" &&
          StringAt(*e, "message") == "Started container web") {
        return true;
      }
    }
    return false;
  }));
}

TEST_F(SimulatedNodesTest, NeverPodWithExitAnnotationsEndsFailed) {
  StartNodes(1);
  CreatePod("job", "sim-0", R"("restartPolicy":"Never",)",
            R"({"sim.ekslite.io/exit-after":"200ms","sim.ekslite.io/exit-code":"3"})");
  Json pod = WaitForPhase("job", "Failed");
  ASSERT_EQ(StringAt(pod, "status.phase"), "Failed");
  const JsonValue& c = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(IntAt(c, "state.terminated.exitCode"), 3);
  EXPECT_EQ(StringAt(c, "state.terminated.reason"), "Error");
}

TEST_F(SimulatedNodesTest, DeletedPodIsStoppedAndRemoved) {
  StartNodes(1);
  CreatePod("web", "sim-0");
  WaitForPhase("web", "Running");
  client::DeleteOptions graceful;
  graceful.grace_period_seconds = 30;
  ASSERT_TRUE(Pods().Delete("web", graceful).ok());
  EXPECT_TRUE(Eventually([&] { return Pods().Get("web").status().IsNotFound(); }));
  EXPECT_TRUE(Eventually([&] { return nodes_->RunningPods() == 0; }));
}

TEST_F(SimulatedNodesTest, PodsOnOtherNodesAreLeftAlone) {
  StartNodes(1);
  CreatePod("elsewhere", "real-node");
  CreatePod("here", "sim-0");
  WaitForPhase("here", "Running");
  auto pod = Pods().Get("elsewhere");
  ASSERT_TRUE(pod.ok());
  EXPECT_NE(StringAt(*pod, "status.phase"), "Running");
}

TEST_F(SimulatedNodesTest, RestartTakesOverItsNodesAndPods) {
  StartNodes(2);
  CreatePod("web", "sim-1");
  Json before = WaitForPhase("web", "Running");
  auto node = cluster_.client().Resource(client::resources::kNodes).Get("sim-1");
  ASSERT_TRUE(node.ok());
  StopNodes();
  StartNodes(2);
  auto again = cluster_.client().Resource(client::resources::kNodes).Get("sim-1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(StringAt(*again, "metadata.uid"), StringAt(*node, "metadata.uid"));
  EXPECT_EQ(StringAt(*again, "spec.podCIDR"), StringAt(*node, "spec.podCIDR"));
  EXPECT_TRUE(Eventually([&] { return nodes_->RunningPods() == 1; }));
  auto pod = Pods().Get("web");
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ(StringAt(*pod, "status.podIP"), StringAt(before, "status.podIP"));
  EXPECT_EQ(IntAt((*pod)["status"]["containerStatuses"][0], "restartCount"), 0);
  EXPECT_EQ(StringAt((*pod)["status"]["containerStatuses"][0], "state.running.startedAt"),
            StringAt(before["status"]["containerStatuses"][0], "state.running.startedAt"));
}

TEST_F(SimulatedNodesTest, DeletedNodeStopsAndItsPodsAreNotSynced) {
  StartNodes(1);
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(cluster_.client().Resource(client::resources::kNodes).Delete("sim-0", now).ok());
  EXPECT_TRUE(Eventually([&] { return nodes_->RegisteredNodes() == 0; }));
  CreatePod("orphan", "sim-0");
  std::this_thread::sleep_for(200ms);  // nothing may happen: there is nothing to wait for
  auto pod = Pods().Get("orphan");
  ASSERT_TRUE(pod.ok());
  EXPECT_NE(StringAt(*pod, "status.phase"), "Running");
}

}  // namespace
}  // namespace ekslite::kubelet

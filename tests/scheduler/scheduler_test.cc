// The scheduler end to end in process: the real apiserver handler over the
// memory store, reached through the loopback transport, with Node objects
// this test creates (no kubelets).
#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include "core/client/informer_factory.h"
#include "tests/core/client/test_cluster.h"
#include "tests/scheduler/test_objects.h"

namespace ekslite::scheduler {
namespace {

using namespace std::chrono_literals;
using client::resources::kEvents;
using client::resources::kNodes;
using client::resources::kPods;
using ekslite::testing::Eventually;
using ekslite::testing::TestCluster;
using testing::NodeBuilder;
using testing::PodBuilder;

class SchedulerTest : public ::testing::Test {
 protected:
  void StartScheduler() {
    informers_ = std::make_unique<client::InformerFactory>(cluster_.client());
    SchedulerOptions options;
    options.profile.seed = 7;
    scheduler_ = NewScheduler(cluster_.client(), *informers_, options);
    informers_->Start();
    ASSERT_TRUE(scheduler_->Start().ok());
  }
  void TearDown() override {
    if (scheduler_ != nullptr) scheduler_->Stop();
    if (informers_ != nullptr) informers_->Shutdown();
  }

  void CreateNode(NodeBuilder b) {
    b.Ready();
    auto nodes = cluster_.client().Resource(kNodes);
    auto created = nodes.Create(b.doc());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    if (Path(*created, "status.allocatable.cpu") == nullptr) {
      SetString(b.doc()["metadata"], "resourceVersion",
                StringAt(*created, "metadata.resourceVersion"), b.doc().GetAllocator());
      auto updated = nodes.UpdateStatus(b.doc());
      ASSERT_TRUE(updated.ok()) << updated.status().ToString();
    }
  }
  void CreatePod(PodBuilder b) {
    auto& meta = b.doc()["metadata"];
    RemoveMember(meta, "uid");
    RemoveMember(meta, "creationTimestamp");
    auto created = cluster_.client().Resource(kPods, "default").Create(b.doc());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  Json Pod(const std::string& name) {
    auto pod = cluster_.client().Resource(kPods, "default").Get(name);
    return pod.ok() ? std::move(*pod) : Json(rapidjson::kObjectType);
  }
  std::string NodeOf(const std::string& name) {
    return std::string(StringAt(Pod(name), "spec.nodeName"));
  }
  // The PodScheduled condition's message when it is False, else "".
  std::string UnschedulableMessage(const std::string& name) {
    Json pod = Pod(name);
    const JsonValue* conds = Path(pod, "status.conditions");
    if (conds == nullptr || !conds->IsArray()) return "";
    for (const JsonValue& c : conds->GetArray()) {
      if (StringAt(c, "type") == "PodScheduled" && StringAt(c, "status") == "False" &&
          StringAt(c, "reason") == "Unschedulable") {
        return std::string(StringAt(c, "message"));
      }
    }
    return "";
  }
  std::vector<std::string> EventMessages(const std::string& reason) {
    std::vector<std::string> out;
    auto list = cluster_.client().Resource(kEvents, "default").List();
    if (!list.ok()) return out;
    for (const auto& e : list->items) {
      if (StringAt(*e, "reason") == reason) out.emplace_back(StringAt(*e, "message"));
    }
    return out;
  }

  TestCluster cluster_;
  std::unique_ptr<client::InformerFactory> informers_;
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(SchedulerTest, BindsPendingPodsAndRecordsScheduledEvents) {
  CreateNode(NodeBuilder("n1", "2", "4Gi"));
  CreateNode(NodeBuilder("n2", "2", "4Gi"));
  StartScheduler();
  for (int i = 0; i < 8; ++i) CreatePod(PodBuilder("p" + std::to_string(i)).Requests("400m"));
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 8; ++i) {
      if (NodeOf("p" + std::to_string(i)).empty()) return false;
    }
    return true;
  }));
  // 8 x 400m on two 2-cpu nodes: LeastAllocated spreads them 4 and 4.
  int on_n1 = 0;
  for (int i = 0; i < 8; ++i) on_n1 += NodeOf("p" + std::to_string(i)) == "n1";
  EXPECT_EQ(on_n1, 4);
  ASSERT_TRUE(Eventually([&] { return EventMessages("Scheduled").size() == 8; }));
  std::string node = NodeOf("p0");
  std::vector<std::string> scheduled = EventMessages("Scheduled");
  EXPECT_EQ(
      std::count(scheduled.begin(), scheduled.end(), "Successfully assigned default/p0 to " + node),
      1);
}

TEST_F(SchedulerTest, UnschedulablePodGetsConditionAndEventThenFitsANewNode) {
  CreateNode(NodeBuilder("small", "1", "4Gi"));
  CreateNode(NodeBuilder("tainted", "8", "4Gi").Taint("dedicated", "gpu", "NoSchedule"));
  StartScheduler();
  CreatePod(PodBuilder("big").Requests("4"));
  const std::string want =
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
      "{dedicated: gpu}. preemption: 0/2 nodes are available: 1 No preemption victims found "
      "for incoming pod, 1 Preemption is not helpful for scheduling.";
  ASSERT_TRUE(Eventually([&] { return UnschedulableMessage("big") == want; }))
      << UnschedulableMessage("big");
  ASSERT_TRUE(Eventually([&] {
    auto m = EventMessages("FailedScheduling");
    return std::find(m.begin(), m.end(), want) != m.end();
  }));
  CreateNode(NodeBuilder("large", "8", "16Gi"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("big") == "large"; }, 10s));
}

TEST_F(SchedulerTest, PodsForOtherSchedulersAreLeftAlone) {
  CreateNode(NodeBuilder("n1"));
  StartScheduler();
  CreatePod(PodBuilder("mine"));
  CreatePod(PodBuilder("theirs").Spec("schedulerName", R"("fargate-scheduler")"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("mine") == "n1"; }));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(NodeOf("theirs"), "");
  EXPECT_EQ(UnschedulableMessage("theirs"), "");
}

TEST_F(SchedulerTest, TaintsAffinityAndSpreadHold) {
  CreateNode(NodeBuilder("a1").Label("zone", "a"));
  CreateNode(NodeBuilder("b1").Label("zone", "b").Taint("team", "x", "NoSchedule"));
  StartScheduler();
  const std::string spread =
      R"([{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule",
      "labelSelector":{"matchLabels":{"app":"web"}}}])";
  const std::string tolerate = R"([{"key":"team","operator":"Exists"}])";
  for (int i = 0; i < 4; ++i) {
    CreatePod(PodBuilder("web" + std::to_string(i))
                  .Label("app", "web")
                  .Spec("topologySpreadConstraints", spread)
                  .Spec("tolerations", tolerate));
  }
  CreatePod(PodBuilder("plain"));
  CreatePod(PodBuilder("picky").Spec("nodeSelector", R"({"zone":"b"})"));
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 4; ++i) {
      if (NodeOf("web" + std::to_string(i)).empty()) return false;
    }
    return NodeOf("plain") == "a1";
  }));
  int in_a = 0;
  for (int i = 0; i < 4; ++i) in_a += NodeOf("web" + std::to_string(i)) == "a1";
  EXPECT_EQ(in_a, 2);
  ASSERT_TRUE(Eventually([&] {
    return UnschedulableMessage("picky") ==
           "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 "
           "node(s) had untolerated taint {team: x}. preemption: 0/2 nodes are available: 2 "
           "Preemption is not helpful for scheduling.";
  })) << UnschedulableMessage("picky");
}

TEST_F(SchedulerTest, HigherPriorityPodPreemptsAndTakesTheNode) {
  auto classes = cluster_.client().Resource(client::resources::kPriorityClasses);
  ASSERT_TRUE(classes
                  .Create(*ParseJson(R"({"apiVersion":"scheduling.k8s.io/v1",
      "kind":"PriorityClass","metadata":{"name":"high"},"value":1000})"))
                  .ok());
  CreateNode(NodeBuilder("n1", "1", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("victim").Requests("1"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("victim") == "n1"; }));
  CreatePod(PodBuilder("vip").Requests("1").Spec("priorityClassName", R"("high")"));
  ASSERT_TRUE(Eventually([&] {
    Json v = Pod("victim");
    return !v.HasMember("metadata") || Path(v, "metadata.deletionTimestamp") != nullptr;
  }));
  ASSERT_TRUE(Eventually([&] { return StringAt(Pod("vip"), "status.nominatedNodeName") == "n1"; }));
  // No kubelet here: finish the victim's termination by hand.
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  (void)cluster_.client().Resource(kPods, "default").Delete("victim", now);
  ASSERT_TRUE(Eventually([&] { return NodeOf("vip") == "n1"; }, 15s));
  EXPECT_GE(scheduler_->stats().preemptions, 1);
}

}  // namespace
}  // namespace ekslite::scheduler

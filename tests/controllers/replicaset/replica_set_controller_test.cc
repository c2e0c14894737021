#include "controllers/replicaset/replica_set_controller.h"

#include <gtest/gtest.h>

#include <regex>

#include "controllers/common/controller_ref.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;
namespace r = client::resources;

std::string ReplicaSetJson(const std::string& name, int replicas, int min_ready = 0) {
  return R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":")" + name +
         R"("},"spec":{"replicas":)" + std::to_string(replicas) + R"(,"minReadySeconds":)" +
         std::to_string(min_ready) +
         R"(,"selector":{"matchLabels":{"app":")" + name + R"("}},"template":{"metadata":{"labels":{"app":")" +
         name + R"("}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}})";
}

class ReplicaSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = NewReplicaSetController(env_.client(), env_.informers(), {.workers = 2});
    env_.Start(*controller_);
  }
  void TearDown() override { controller_->Stop(); }

  std::vector<ObjectPtr> Pods(const std::string& app) {
    std::vector<ObjectPtr> live;
    for (ObjectPtr& p : env_.List(r::kPods, "default", "app=" + app)) {
      if (StringAt(*p, "metadata.deletionTimestamp").empty()) live.push_back(std::move(p));
    }
    return live;
  }
  void Scale(const std::string& name, int replicas) {
    auto patched = env_.client().Resource(r::kReplicaSets, "default")
                       .Patch(name, client::PatchType::kMerge,
                              R"({"spec":{"replicas":)" + std::to_string(replicas) + "}}");
    ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  }

  testing::ControllerEnv env_;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> controller_;
};

TEST_F(ReplicaSetControllerTest, CreatesControlledPodsNamedAfterTheSet) {
  Json rs = env_.Create(r::kReplicaSets, "default", ReplicaSetJson("web", 3));
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("web").size() == 3; }));
  std::regex name("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
  for (const ObjectPtr& pod : Pods("web")) {
    EXPECT_TRUE(std::regex_match(std::string(StringAt(*pod, "metadata.name")), name));
    std::optional<OwnerRef> ref = ControllerOf(*pod);
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(ref->uid, StringAt(rs, "metadata.uid"));
    EXPECT_EQ(ref->kind, "ReplicaSet");
    EXPECT_TRUE(ref->block_owner_deletion);
  }
  EXPECT_TRUE(testing::WaitFor([&] {
    Json now = env_.Get(r::kReplicaSets, "default", "web");
    return IntAt(now, "status.replicas") == 3 && IntAt(now, "status.fullyLabeledReplicas") == 3 &&
           IntAt(now, "status.observedGeneration") == 1;
  }));
  EXPECT_TRUE(testing::WaitFor([&] {
    for (const ObjectPtr& e : env_.List(r::kEvents, "default")) {
      if (StringAt(*e, "reason") == "SuccessfulCreate" &&
          StringAt(*e, "message").substr(0, 13) == "Created pod: ") {
        return true;
      }
    }
    return false;
  }));
}

TEST_F(ReplicaSetControllerTest, CountsReadyAndAvailablePods) {
  env_.Create(r::kReplicaSets, "default", ReplicaSetJson("api", 2));
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("api").size() == 2; }));
  std::vector<ObjectPtr> pods = Pods("api");
  ASSERT_TRUE(env_.SetPodStatus("default", std::string(StringAt(*pods[0], "metadata.name")), "Running", true).ok());
  EXPECT_TRUE(testing::WaitFor([&] {
    Json now = env_.Get(r::kReplicaSets, "default", "api");
    return IntAt(now, "status.readyReplicas") == 1 && IntAt(now, "status.availableReplicas") == 1;
  }));
}

TEST_F(ReplicaSetControllerTest, ScaleDownDeletesPendingAndNotReadyPodsFirst) {
  env_.Create(r::kReplicaSets, "default", ReplicaSetJson("db", 3));
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("db").size() == 3; }));
  std::vector<ObjectPtr> pods = Pods("db");
  std::string ready(StringAt(*pods[0], "metadata.name"));
  std::string not_ready(StringAt(*pods[1], "metadata.name"));
  std::string pending(StringAt(*pods[2], "metadata.name"));
  ASSERT_TRUE(env_.SetPodStatus("default", ready, "Running", true).ok());
  ASSERT_TRUE(env_.SetPodStatus("default", not_ready, "Running", false).ok());
  ASSERT_TRUE(testing::WaitFor([&] {
    return IntAt(env_.Get(r::kReplicaSets, "default", "db"), "status.readyReplicas") == 1;
  }));
  Scale("db", 2);
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("db").size() == 2; }));
  EXPECT_TRUE(env_.Get(r::kPods, "default", pending).IsNull());
  Scale("db", 1);
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("db").size() == 1; }));
  EXPECT_EQ(StringAt(*Pods("db")[0], "metadata.name"), ready);
}

TEST_F(ReplicaSetControllerTest, AdoptsMatchingOrphansAndReleasesPodsThatStopMatching) {
  env_.Create(r::kPods, "default",
              R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"stray","labels":{"app":"cache"}},)"
              R"("spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  Json rs = env_.Create(r::kReplicaSets, "default", ReplicaSetJson("cache", 2));
  ASSERT_TRUE(testing::WaitFor([&] {
    Json stray = env_.Get(r::kPods, "default", "stray");
    return stray.IsObject() && IsControlledBy(stray, StringAt(rs, "metadata.uid"));
  }));
  ASSERT_TRUE(testing::WaitFor([&] { return Pods("cache").size() == 2; }));
  // Relabel the adopted pod: the set lets go of it and makes a replacement.
  auto relabeled = env_.client().Resource(r::kPods, "default")
                       .Patch("stray", client::PatchType::kMerge, R"({"metadata":{"labels":{"app":"other"}}})");
  ASSERT_TRUE(relabeled.ok());
  EXPECT_TRUE(testing::WaitFor([&] {
    Json stray = env_.Get(r::kPods, "default", "stray");
    return stray.IsObject() && !ControllerOf(stray).has_value();
  }));
  EXPECT_TRUE(testing::WaitFor([&] { return Pods("cache").size() == 2; }));
}

// ReplicationControllers: the same controller, with a label-map selector,
// v1 owner references and replication-controller as its name.
TEST(ReplicationControllerTest, KeepsReplicasWithAMapSelector) {
  testing::ControllerEnv env;
  std::unique_ptr<Component> controller = NewReplicaSetController(
      env.client(), env.informers(), {.kind = ReplicationControllers(), .workers = 2});
  env.Start(*controller);
  Json rc = env.Create(r::kReplicationControllers, "default",
                       R"({"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"rc"},)"
                       R"("spec":{"replicas":2,"selector":{"app":"rc"},"template":{"metadata":)"
                       R"({"labels":{"app":"rc"}},"spec":{"containers":[{"name":"c","image":"b"}]}}}})");
  auto pods = [&] { return env.List(r::kPods, "default", "app=rc"); };
  ASSERT_TRUE(testing::WaitFor([&] { return pods().size() == 2; }));
  for (const ObjectPtr& pod : pods()) {
    std::optional<OwnerRef> ref = ControllerOf(*pod);
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(ref->kind, "ReplicationController");
    EXPECT_EQ(ref->api_version, "v1");
    EXPECT_EQ(ref->uid, StringAt(rc, "metadata.uid"));
  }
  ASSERT_TRUE(testing::WaitFor([&] {
    return IntAt(env.Get(r::kReplicationControllers, "default", "rc"), "status.replicas") == 2;
  }));
  // Scaling down deletes the surplus pod.
  auto patched = env.client().Resource(r::kReplicationControllers, "default")
                     .Patch("rc", client::PatchType::kMerge, R"({"spec":{"replicas":1}})");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  ASSERT_TRUE(testing::WaitFor([&] {
    size_t live = 0;
    for (const ObjectPtr& p : pods()) live += StringAt(*p, "metadata.deletionTimestamp").empty();
    return live == 1;
  }));
  controller->Stop();
}

}  // namespace
}  // namespace ekslite::controllers

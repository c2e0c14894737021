#include "controllers/deployment/deployment_controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "controllers/common/pod_util.h"
#include "controllers/deployment/deployment_util.h"
#include "controllers/replicaset/replica_set_controller.h"
#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;
namespace r = client::resources;

std::string DeploymentJson(const std::string& name, int replicas, const std::string& image,
                           const std::string& extra_spec = "") {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
         R"("},"spec":{"replicas":)" + std::to_string(replicas) + extra_spec +
         R"(,"selector":{"matchLabels":{"app":")" + name + R"("}},"template":{"metadata":{"labels":{"app":")" +
         name + R"("}},"spec":{"containers":[{"name":"c","image":")" + image + R"("}]}}}})";
}

class DeploymentControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sets_ = NewReplicaSetController(env_.client(), env_.informers(), {.workers = 2});
    deployments_ = NewDeploymentController(env_.client(), env_.informers(), {.workers = 2});
    env_.Start(*sets_);
    env_.Start(*deployments_);
    kubelet_ = std::thread([this] { RunKubelet(); });
  }
  void TearDown() override {
    stop_ = true;
    kubelet_.join();
    deployments_->Stop();
    sets_->Stop();
  }

  // Plays every kubelet: pods become Running and Ready soon after they
  // appear, while `ready_` is set. Also checks the rollout bounds.
  void RunKubelet() {
    while (!stop_) {
      int total = 0, available = 0;
      for (const ObjectPtr& pod : env_.List(r::kPods, "default")) {
        if (IsBeingDeleted(*pod)) continue;
        ++total;
        if (IsPodReady(*pod)) {
          ++available;
        } else if (ready_) {
          (void)env_.SetPodStatus("default", std::string(StringAt(*pod, "metadata.name")), "Running", true);
        }
      }
      max_total_ = std::max(max_total_.load(), total);
      if (watch_min_) min_available_ = std::min(min_available_.load(), available);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::vector<ObjectPtr> Sets(const std::string& app) { return env_.List(r::kReplicaSets, "default", "app=" + app); }
  Json Deployment(const std::string& name) { return env_.Get(r::kDeployments, "default", name); }
  void Patch(const std::string& name, const std::string& patch) {
    auto patched = env_.client().Resource(r::kDeployments, "default")
                       .Patch(name, client::PatchType::kStrategicMerge, patch);
    ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  }
  bool Complete(const std::string& name, int replicas) {
    Json d = Deployment(name);
    const JsonValue* c = FindCondition(d, "Progressing");
    return IntAt(d, "status.updatedReplicas") == replicas && IntAt(d, "status.replicas") == replicas &&
           IntAt(d, "status.availableReplicas") == replicas && c != nullptr &&
           StringAt(*c, "reason") == "NewReplicaSetAvailable" &&
           IntAt(d, "status.observedGeneration") == IntAt(d, "metadata.generation");
  }
  static std::string Image(const JsonValue& rs) {
    const JsonValue* containers = Path(rs, "spec.template.spec.containers");
    return std::string(StringAt((*containers)[0], "image"));
  }

  testing::ControllerEnv env_;
  // Declared after the env: destroyed, and so stopped, before it.
  std::unique_ptr<Component> sets_;
  std::unique_ptr<Component> deployments_;
  std::thread kubelet_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{true};
  std::atomic<bool> watch_min_{false};
  std::atomic<int> max_total_{0};
  std::atomic<int> min_available_{1 << 20};
};

TEST_F(DeploymentControllerTest, CreatesAHashedReplicaSetWithRevisionAnnotations) {
  env_.Create(r::kDeployments, "default", DeploymentJson("web", 3, "img:1"));
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("web", 3); }));
  std::vector<ObjectPtr> sets = Sets("web");
  ASSERT_EQ(sets.size(), 1u);
  const JsonValue& rs = *sets[0];
  const JsonValue* labels = Path(rs, "metadata.labels");
  std::string h(View((*labels)["pod-template-hash"]));
  EXPECT_EQ(StringAt(rs, "metadata.name"), "web-" + h);
  EXPECT_EQ(deployment::Annotation(rs, "deployment.kubernetes.io/revision"), "1");
  EXPECT_EQ(deployment::Annotation(rs, "deployment.kubernetes.io/desired-replicas"), "3");
  EXPECT_EQ(deployment::Annotation(rs, "deployment.kubernetes.io/max-replicas"), "4");
  Json d = Deployment("web");
  EXPECT_EQ(deployment::Annotation(d, "deployment.kubernetes.io/revision"), "1");
  const JsonValue* available = FindCondition(d, "Available");
  ASSERT_NE(available, nullptr);
  EXPECT_EQ(StringAt(*available, "reason"), "MinimumReplicasAvailable");
  EXPECT_EQ(StringAt(*available, "message"), "Deployment has minimum availability.");
  const JsonValue* progressing = FindCondition(d, "Progressing");
  EXPECT_EQ(StringAt(*progressing, "message"),
            "ReplicaSet \"" + std::string(StringAt(rs, "metadata.name")) + "\" has successfully progressed.");
}

TEST_F(DeploymentControllerTest, RollingUpdateStaysWithinSurgeAndUnavailability) {
  env_.Create(r::kDeployments, "default", DeploymentJson("api", 4, "img:1"));
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("api", 4); }));
  max_total_ = 0;
  min_available_ = 1 << 20;
  watch_min_ = true;
  Patch("api", R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"img:2"}]}}}})");
  ASSERT_TRUE(testing::WaitFor([&] {
    return Complete("api", 4) && IntAt(Deployment("api"), "metadata.generation") == 2;
  }));
  watch_min_ = false;
  // 25% of 4: surge 1, unavailable 1.
  EXPECT_LE(max_total_.load(), 5);
  EXPECT_GE(min_available_.load(), 3);
  std::vector<ObjectPtr> sets = Sets("api");
  ASSERT_EQ(sets.size(), 2u);
  for (const ObjectPtr& rs : sets) {
    bool is_new = Image(*rs) == "img:2";
    EXPECT_EQ(IntAt(*rs, "spec.replicas"), is_new ? 4 : 0);
    EXPECT_EQ(deployment::Revision(*rs), is_new ? 2 : 1);
  }
  bool scaled_event = false;
  for (const ObjectPtr& e : env_.List(r::kEvents, "default")) {
    std::string message(StringAt(*e, "message"));
    if (StringAt(*e, "reason") == "ScalingReplicaSet" && message.find("Scaled down replica set api-") == 0 &&
        message.find(" from 4 to 3") != std::string::npos) {
      scaled_event = true;
    }
  }
  EXPECT_TRUE(scaled_event);
}

TEST_F(DeploymentControllerTest, RollbackReusesTheOldReplicaSetWithANewRevision) {
  env_.Create(r::kDeployments, "default", DeploymentJson("ui", 2, "img:1"));
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("ui", 2); }));
  Patch("ui", R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"img:2"}]}}}})");
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("ui", 2) && Sets("ui").size() == 2; }));
  Patch("ui", R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"img:1"}]}}}})");
  ASSERT_TRUE(testing::WaitFor([&] {
    if (!Complete("ui", 2)) return false;
    for (const ObjectPtr& rs : Sets("ui")) {
      if (Image(*rs) == "img:1" && IntAt(*rs, "spec.replicas") == 2) return true;
    }
    return false;
  }));
  std::vector<ObjectPtr> sets = Sets("ui");
  EXPECT_EQ(sets.size(), 2u);
  for (const ObjectPtr& rs : sets) {
    if (Image(*rs) != "img:1") continue;
    EXPECT_EQ(deployment::Revision(*rs), 3);
    EXPECT_EQ(deployment::Annotation(*rs, "deployment.kubernetes.io/revision-history"), "1");
  }
}

TEST_F(DeploymentControllerTest, KeepsOnlyRevisionHistoryLimitOldSets) {
  env_.Create(r::kDeployments, "default", DeploymentJson("hist", 1, "img:0", R"(,"revisionHistoryLimit":1)"));
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(testing::WaitFor([&] { return Complete("hist", 1); }));
    Patch("hist", R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"img:)" +
                      std::to_string(i) + R"("}]}}}})");
  }
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("hist", 1) && Sets("hist").size() == 2; }));
  std::vector<int64_t> revisions;
  for (const ObjectPtr& rs : Sets("hist")) revisions.push_back(deployment::Revision(*rs));
  std::sort(revisions.begin(), revisions.end());
  EXPECT_EQ(revisions, (std::vector<int64_t>{3, 4}));
}

TEST_F(DeploymentControllerTest, RecreateRemovesOldPodsBeforeCreatingNewOnes) {
  env_.Create(r::kDeployments, "default",
              DeploymentJson("batch", 2, "img:1", R"(,"strategy":{"type":"Recreate"})"));
  ASSERT_TRUE(testing::WaitFor([&] { return Complete("batch", 2); }));
  max_total_ = 0;
  Patch("batch", R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"img:2"}]}}}})");
  ASSERT_TRUE(testing::WaitFor([&] {
    return Complete("batch", 2) && IntAt(Deployment("batch"), "metadata.generation") == 2;
  }));
  EXPECT_LE(max_total_.load(), 2);
}

TEST_F(DeploymentControllerTest, ScalingSpreadsOverActiveSetsAndReportsProgressDeadline) {
  ready_ = false;
  env_.Create(r::kDeployments, "default", DeploymentJson("slow", 2, "img:1", R"(,"progressDeadlineSeconds":1)"));
  ASSERT_TRUE(testing::WaitFor([&] {
    Json slow = Deployment("slow");
    const JsonValue* c = FindCondition(slow, "Progressing");
    return c != nullptr && StringAt(*c, "reason") == "ProgressDeadlineExceeded";
  }));
  Json d = Deployment("slow");
  const JsonValue* c = FindCondition(d, "Progressing");
  EXPECT_EQ(StringAt(*c, "status"), "False");
  std::string rs_name(StringAt(*Sets("slow")[0], "metadata.name"));
  EXPECT_EQ(StringAt(*c, "message"), "ReplicaSet \"" + rs_name + "\" has timed out progressing.");
  const JsonValue* available = FindCondition(d, "Available");
  EXPECT_EQ(StringAt(*available, "reason"), "MinimumReplicasUnavailable");
  // Scaling the stuck deployment still takes effect.
  Patch("slow", R"({"spec":{"replicas":5}})");
  EXPECT_TRUE(testing::WaitFor([&] { return IntAt(*Sets("slow")[0], "spec.replicas") == 5; }));
}

}  // namespace
}  // namespace ekslite::controllers

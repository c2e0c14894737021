#include "controllers/statefulset/statefulset_controller.h"

#include <gtest/gtest.h>

#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite {
namespace {

using client::resources::kPersistentVolumeClaims;
using client::resources::kPods;
using client::resources::kStatefulSets;
using testing::ControllerEnv;
using testing::WaitFor;

std::string SetJson(const std::string& extra) {
  return R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},"spec":{)" +
         extra +
         R"("replicas":3,"serviceName":"nginx","selector":{"matchLabels":{"app":"web"}},)"
         R"("template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}})";
}

bool Exists(ControllerEnv& env, const std::string& pod) {
  return env.Get(kPods, "default", pod).IsObject();
}

TEST(StatefulSetControllerTest, CreatesPodsInOrderWaitingForReady) {
  ControllerEnv env;
  controllers::StatefulSetController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(
      kStatefulSets, "default",
      SetJson(
          R"("volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}],)"));
  for (int i = 0; i < 3; ++i) {
    std::string name = "web-" + std::to_string(i);
    ASSERT_TRUE(WaitFor([&] { return Exists(env, name); })) << name;
    // The next pod waits until this one is Running and Ready.
    if (i < 2) {
      EXPECT_FALSE(Exists(env, "web-" + std::to_string(i + 1)));
    }
    Json pod = env.Get(kPods, "default", name);
    EXPECT_EQ(StringAt(pod, "spec.hostname"), name);
    EXPECT_EQ(StringAt(pod, "spec.subdomain"), "nginx");
    const JsonValue* labels = Path(pod, "metadata.labels");
    ASSERT_NE(labels, nullptr);
    EXPECT_EQ(View(*Member(*labels, "statefulset.kubernetes.io/pod-name")), name);
    EXPECT_EQ(View(*Member(*labels, "apps.kubernetes.io/pod-index")), std::to_string(i));
    EXPECT_TRUE(env.Get(kPersistentVolumeClaims, "default", "www-" + name).IsObject());
    ASSERT_TRUE(env.SetPodStatus("default", name, "Running", true).ok());
  }
  ASSERT_TRUE(WaitFor([&] {
    return IntAt(env.Get(kStatefulSets, "default", "web"), "status.readyReplicas") == 3;
  }));
  Json set = env.Get(kStatefulSets, "default", "web");
  EXPECT_EQ(StringAt(set, "status.currentRevision"), StringAt(set, "status.updateRevision"));
  EXPECT_EQ(IntAt(set, "status.replicas"), 3);
}

TEST(StatefulSetControllerTest, ScalesDownFromTheHighestOrdinal) {
  ControllerEnv env;
  controllers::StatefulSetController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kStatefulSets, "default", SetJson(R"("podManagementPolicy":"Parallel",)"));
  ASSERT_TRUE(WaitFor([&] { return Exists(env, "web-2") && Exists(env, "web-0"); }));
  auto sets = env.client().Resource(kStatefulSets, "default");
  ASSERT_TRUE(sets.Patch("web", client::PatchType::kMerge, R"({"spec":{"replicas":1}})").ok());
  ASSERT_TRUE(WaitFor([&] { return !Exists(env, "web-2") && !Exists(env, "web-1"); }));
  EXPECT_TRUE(Exists(env, "web-0"));
}

TEST(StatefulSetControllerTest, RollingUpdateStopsAtThePartition) {
  ControllerEnv env;
  controllers::StatefulSetController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kStatefulSets, "default",
             SetJson(R"("podManagementPolicy":"Parallel","updateStrategy":{"type":"RollingUpdate",)"
                     R"("rollingUpdate":{"partition":2}},)"));
  auto revision_of = [&](const std::string& pod) {
    return std::string(
        StringAt(env.Get(kPods, "default", pod), "metadata.labels.controller-revision-hash"));
  };
  for (const char* name : {"web-0", "web-1", "web-2"}) {
    ASSERT_TRUE(WaitFor([&] { return Exists(env, name); })) << name;
    ASSERT_TRUE(env.SetPodStatus("default", name, "Running", true).ok());
  }
  std::string old_revision = revision_of("web-0");
  ASSERT_TRUE(WaitFor([&] {
    return StringAt(env.Get(kStatefulSets, "default", "web"), "status.currentRevision") ==
           old_revision;
  }));
  ASSERT_TRUE(
      env.client()
          .Resource(kStatefulSets, "default")
          .Patch(
              "web", client::PatchType::kMerge,
              R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}})")
          .ok());
  std::string new_revision;
  ASSERT_TRUE(WaitFor([&] {
    new_revision =
        std::string(StringAt(env.Get(kStatefulSets, "default", "web"), "status.updateRevision"));
    return new_revision != old_revision && Exists(env, "web-2") &&
           revision_of("web-2") == new_revision;
  }));
  ASSERT_TRUE(env.SetPodStatus("default", "web-2", "Running", true).ok());
  ASSERT_TRUE(WaitFor([&] {
    return IntAt(env.Get(kStatefulSets, "default", "web"), "status.updatedReplicas") == 1;
  }));
  EXPECT_EQ(revision_of("web-0"), old_revision);
  EXPECT_EQ(revision_of("web-1"), old_revision);
  Json updated = env.Get(kPods, "default", "web-2");
  EXPECT_EQ(StringAt(updated["spec"]["containers"][0u], "image"), "busybox:2");
}

}  // namespace
}  // namespace ekslite

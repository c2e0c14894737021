// The quota controller and the apiserver's admission plugins it works with
// (ResourceQuota, LimitRanger, Priority).
#include "controllers/resourcequota/resourcequota_controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/client/resource.h"
#include "tests/testing/controller_env.h"

namespace ekslite {
namespace {

using client::resources::kConfigMaps;
using client::resources::kPods;
using testing::ControllerEnv;
using testing::WaitFor;

const client::GroupVersionResource kQuotas{"", "v1", "resourcequotas"};
const client::GroupVersionResource kLimitRanges{"", "v1", "limitranges"};

std::string PodJson(const std::string& name, const std::string& resources) {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
         R"("},"spec":{"containers":[{"name":"c","image":"busybox","resources":)" + resources +
         "}]}}";
}

StatusOr<Json> CreatePod(ControllerEnv& env, const std::string& json) {
  auto doc = ParseJson(json);
  EXPECT_TRUE(doc.ok());
  return env.client().Resource(kPods, "default").Create(*doc);
}

TEST(ResourceQuotaControllerTest, CountsUsageAndAdmissionRefusesOverQuota) {
  ControllerEnv env;
  controllers::ResourceQuotaController controller(env.client(), env.informers());
  env.Start(controller);
  env.Create(kQuotas, "default",
             R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},)"
             R"("spec":{"hard":{"pods":"2","requests.cpu":"1","configmaps":"10"}}})");
  ASSERT_TRUE(CreatePod(env, PodJson("a", R"({"requests":{"cpu":"400m"}})")).ok());
  ASSERT_TRUE(WaitFor([&] {
    Json q = env.Get(kQuotas, "default", "q");
    const JsonValue* used = Path(q, "status.used");
    return used && Member(*used, "requests.cpu") &&
           View(*Member(*used, "requests.cpu")) == "400m" && View(*Member(*used, "pods")) == "1";
  }));
  auto too_much = CreatePod(env, PodJson("b", R"({"requests":{"cpu":"700m"}})"));
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.status().code(), Code::kForbidden);
  EXPECT_EQ(too_much.status().message(),
            "pods \"b\" is forbidden: exceeded quota: q, requested: requests.cpu=700m, used: "
            "requests.cpu=400m, limited: requests.cpu=1");
  auto unspecified = CreatePod(env, PodJson("c", "{}"));
  ASSERT_FALSE(unspecified.ok());
  EXPECT_EQ(unspecified.status().message(),
            "pods \"c\" is forbidden: failed quota: q: must specify requests.cpu");
  ASSERT_TRUE(CreatePod(env, PodJson("d", R"({"requests":{"cpu":"100m"}})")).ok());
  auto third = CreatePod(env, PodJson("e", R"({"requests":{"cpu":"100m"}})"));
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.status().message().find(
                "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2"),
            std::string::npos)
      << third.status().message();
}

// Concurrent creates are counted one after the other: no more get in than
// the quota allows.
TEST(AdmissionTest, ConcurrentCreatesDoNotOvershootAQuota) {
  ControllerEnv env;
  env.Create(kQuotas, "default",
             R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},)"
             R"("spec":{"hard":{"configmaps":"5"}}})");
  std::atomic<int> created{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        auto doc = ParseJson(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-)" +
                             std::to_string(t) + "-" + std::to_string(i) + R"("}})");
        auto made = env.client().Resource(kConfigMaps, "default").Create(*doc);
        (made.ok() ? created : refused).fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(created.load(), 5);
  EXPECT_EQ(refused.load(), 27);
  EXPECT_EQ(env.List(kConfigMaps, "default").size(), 5u);
}

TEST(AdmissionTest, LimitRangeDefaultsAndBounds) {
  ControllerEnv env;
  env.Create(
      kLimitRanges, "default",
      R"({"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"lr"},"spec":{"limits":[)"
      R"({"type":"Container","default":{"memory":"256Mi"},"defaultRequest":{"memory":"128Mi"},)"
      R"("max":{"memory":"1Gi"}}]}})");
  auto pod = CreatePod(env, PodJson("small", "{}"));
  ASSERT_TRUE(pod.ok()) << pod.status().ToString();
  EXPECT_EQ(StringAt((*pod)["spec"]["containers"][0u], "resources.limits.memory"), "256Mi");
  EXPECT_EQ(StringAt((*pod)["spec"]["containers"][0u], "resources.requests.memory"), "128Mi");
  EXPECT_EQ(View((*pod)["metadata"]["annotations"]["kubernetes.io/limit-ranger"]),
            "LimitRanger plugin set: memory request for container c; memory limit for container c");
  auto big = CreatePod(env, PodJson("big", R"({"limits":{"memory":"2Gi"}})"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(
      big.status().message(),
      "pods \"big\" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi");
}

TEST(AdmissionTest, PriorityClassResolvesAndUnknownIsRefused) {
  ControllerEnv env;
  env.Create(
      client::resources::kPriorityClasses, "",
      R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000})");
  auto pod = CreatePod(
      env, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{)"
           R"("priorityClassName":"high","containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_TRUE(pod.ok()) << pod.status().ToString();
  EXPECT_EQ(IntAt(*pod, "spec.priority"), 1000);
  EXPECT_EQ(StringAt(*pod, "spec.preemptionPolicy"), "PreemptLowerPriority");
  auto unknown = CreatePod(
      env, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"u"},"spec":{)"
           R"("priorityClassName":"nope","containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "pods \"u\" is forbidden: no PriorityClass with name nope was found");
  auto plain = CreatePod(env, PodJson("plain", "{}"));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(IntAt(*plain, "spec.priority"), 0);
}

}  // namespace
}  // namespace ekslite

#include "kubelet/simulated_runtime.h"

#include <gtest/gtest.h>

#include "kubelet/pod_cidrs.h"

namespace ekslite::kubelet {
namespace {

using namespace std::chrono_literals;

TEST(SimulatedRuntimeTest, ParsesGoDurations) {
  EXPECT_EQ(ParseSimDuration("3s"), 3000ms);
  EXPECT_EQ(ParseSimDuration("500ms"), 500ms);
  EXPECT_EQ(ParseSimDuration("1m30s"), 90000ms);
  EXPECT_EQ(ParseSimDuration("1.5s"), 1500ms);
  EXPECT_EQ(ParseSimDuration("0"), 0ms);
  EXPECT_EQ(ParseSimDuration("3"), std::nullopt);
  EXPECT_EQ(ParseSimDuration("soon"), std::nullopt);
}

TEST(SimulatedRuntimeTest, ContainerAnnotationWinsOverThePodOne) {
  auto pod = ParseJson(R"({"metadata":{"uid":"u","annotations":{"sim.ekslite.io/exit-code":"1",)"
                       R"("sim.ekslite.io/exit-code.b":"7"}},"spec":{"restartPolicy":"Never",)"
                       R"("containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}]}})");
  ASSERT_TRUE(pod.ok());
  auto runtime = NewSimulatedRuntime();
  Clock::time_point t0{std::chrono::hours(1)};
  const JsonValue& containers = (*pod)["spec"]["containers"];
  ContainerObservation a = runtime->Observe(*pod, containers[0], "", t0, t0 + 1s);
  ContainerObservation b = runtime->Observe(*pod, containers[1], "", t0, t0 + 1s);
  EXPECT_TRUE(a.exited);
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_EQ(b.exit_code, 7);
  EXPECT_EQ(b.finished_at, t0 + 1s);
  ContainerObservation early = runtime->Observe(*pod, containers[0], "", t0, t0 + 500ms);
  EXPECT_FALSE(early.exited);
  EXPECT_EQ(early.next_change, t0 + 1s);
}

TEST(SimulatedRuntimeTest, ContainerIdsAreStablePerAttempt) {
  auto pod =
      ParseJson(R"({"metadata":{"uid":"u"},"spec":{"containers":[{"name":"a","image":"x"}]}})");
  ASSERT_TRUE(pod.ok());
  auto runtime = NewSimulatedRuntime();
  const JsonValue& c = (*pod)["spec"]["containers"][0];
  auto first = runtime->StartContainer(*pod, c, 0, {});
  auto again = runtime->StartContainer(*pod, c, 0, {});
  auto second = runtime->StartContainer(*pod, c, 1, {});
  EXPECT_EQ(first->container_id, again->container_id);
  EXPECT_NE(first->container_id, second->container_id);
  EXPECT_EQ(first->container_id.size(), 6u + 64u);
}

TEST(PodCidrsTest, CutsSlash24BlocksWhileTheyFit) {
  auto cidrs = PodCidrs::Make("10.244.0.0/16", 5);
  ASSERT_TRUE(cidrs.ok());
  EXPECT_EQ(cidrs->block_count(), 256u);
  EXPECT_EQ(cidrs->Block(3), "10.244.3.0/24");
  EXPECT_EQ(cidrs->IndexOf("10.244.3.0/24"), 3u);
  EXPECT_EQ(cidrs->IndexOf("10.245.3.0/24"), std::nullopt);
  EXPECT_EQ(cidrs->Address(3, 2), "10.244.3.2");
}

TEST(PodCidrsTest, ShrinksBlocksForManyNodes) {
  auto cidrs = PodCidrs::Make("10.244.0.0/16", 5000);
  ASSERT_TRUE(cidrs.ok());
  EXPECT_EQ(cidrs->block_prefix(), 28);
  EXPECT_EQ(cidrs->block_count(), 4096u);
  EXPECT_FALSE(PodCidrs::Make("fd00::/64", 1).ok());
  EXPECT_FALSE(PodCidrs::Make("10.0.0.0", 1).ok());
}

TEST(AddressPoolTest, HandsOutFreeHostAddresses) {
  AddressPool pool(8);
  pool.Mark(3);
  EXPECT_EQ(pool.Allocate(), 2u);
  EXPECT_EQ(pool.Allocate(), 4u);
  EXPECT_EQ(pool.Allocate(), 5u);
  EXPECT_EQ(pool.Allocate(), 6u);
  EXPECT_EQ(pool.Allocate(), std::nullopt);
  pool.Release(4);
  EXPECT_EQ(pool.Allocate(), 4u);
}

}  // namespace
}  // namespace ekslite::kubelet

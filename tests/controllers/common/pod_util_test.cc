#include "controllers/common/pod_util.h"

#include <gtest/gtest.h>

namespace ekslite::controllers {
namespace {

Json ReadyPod(const std::string& since) {
  return std::move(*ParseJson(R"({"metadata":{"name":"p"},"status":{"phase":"Running","conditions":[
      {"type":"Ready","status":"True","lastTransitionTime":")" + since + R"("}]}})"));
}

TEST(PodUtilTest, ReadyAndAvailableAfterMinReadySeconds) {
  Json pod = ReadyPod("2024-01-01T00:00:00Z");
  Clock::time_point since;
  ASSERT_TRUE(ParseRfc3339("2024-01-01T00:00:00Z", &since));
  EXPECT_TRUE(IsPodReady(pod));
  EXPECT_TRUE(IsPodAvailable(pod, 0, since));
  EXPECT_FALSE(IsPodAvailable(pod, 10, since + std::chrono::seconds(10)));
  EXPECT_TRUE(IsPodAvailable(pod, 10, since + std::chrono::seconds(11)));
}

TEST(PodUtilTest, ActiveExcludesFinishedAndDeletingPods) {
  EXPECT_TRUE(IsPodActive(*ParseJson(R"({"status":{"phase":"Pending"}})")));
  EXPECT_FALSE(IsPodActive(*ParseJson(R"({"status":{"phase":"Succeeded"}})")));
  EXPECT_FALSE(IsPodActive(*ParseJson(R"({"status":{"phase":"Failed"}})")));
  EXPECT_FALSE(IsPodActive(*ParseJson(R"({"metadata":{"deletionTimestamp":"2024-01-01T00:00:00Z"}})")));
}

TEST(PodUtilTest, NotReadyWithoutTheCondition) {
  EXPECT_FALSE(IsPodReady(*ParseJson(R"({"status":{"phase":"Running"}})")));
  EXPECT_EQ(ConditionStatus(*ParseJson(R"({"status":{"conditions":[{"type":"Ready","status":"False"}]}})"), "Ready"),
            "False");
}

}  // namespace
}  // namespace ekslite::controllers

#include "controllers/job/pod_failure_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace ekslite::controllers::job {
namespace {

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return doc.ok() ? std::move(*doc) : Json();
}

Json JobWithRules(const std::string& rules) {
  return Parse(R"({"spec":{"podFailurePolicy":{"rules":)" + rules + "}}}");
}

// A failed pod "ns/p" whose containers exited with these codes.
Json FailedPod(const std::string& statuses, const std::string& conditions = "[]") {
  return Parse(R"({"metadata":{"namespace":"ns","name":"p"},"status":{"phase":"Failed",)"
               R"("containerStatuses":)" + statuses + R"(,"conditions":)" + conditions + "}}");
}

std::string Exited(const std::string& name, int code) {
  return R"({"name":")" + name + R"(","state":{"terminated":{"exitCode":)" + std::to_string(code) +
         "}}}";
}

TEST(PodFailurePolicyTest, NoPolicyCounts) {
  EXPECT_EQ(JudgeFailedPod(Parse("{}"), FailedPod("[" + Exited("c", 1) + "]")).action,
            FailureAction::kCount);
}

TEST(PodFailurePolicyTest, FailJobOnExitCodeWithUpstreamMessage) {
  Json job = JobWithRules(
      R"([{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]},)"
      R"({"action":"FailJob","onExitCodes":{"containerName":"main","operator":"In","values":[42]}}])");
  FailureVerdict v = JudgeFailedPod(job, FailedPod("[" + Exited("side", 42) + "," + Exited("main", 42) + "]"));
  EXPECT_EQ(v.action, FailureAction::kFailJob);
  EXPECT_EQ(v.message, "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1");
  EXPECT_EQ(JudgeFailedPod(job, FailedPod("[" + Exited("main", 1) + "]")).action, FailureAction::kCount);
}

TEST(PodFailurePolicyTest, NotInSkipsZeroExitCodes) {
  Json job = JobWithRules(R"([{"action":"FailJob","onExitCodes":{"operator":"NotIn","values":[1,2]}}])");
  EXPECT_EQ(JudgeFailedPod(job, FailedPod("[" + Exited("a", 0) + "," + Exited("b", 2) + "]")).action,
            FailureAction::kCount);
  FailureVerdict v = JudgeFailedPod(job, FailedPod("[" + Exited("a", 0) + "," + Exited("b", 3) + "]"));
  EXPECT_EQ(v.action, FailureAction::kFailJob);
  EXPECT_EQ(v.message, "Container b for pod ns/p failed with exit code 3 matching FailJob rule at index 0");
}

TEST(PodFailurePolicyTest, IgnoreOnADisruptionCondition) {
  Json job = JobWithRules(
      R"([{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}])");
  EXPECT_EQ(JudgeFailedPod(job, FailedPod("[]", R"([{"type":"DisruptionTarget","status":"True"}])")).action,
            FailureAction::kIgnore);
  EXPECT_EQ(JudgeFailedPod(job, FailedPod("[]", R"([{"type":"DisruptionTarget","status":"False"}])")).action,
            FailureAction::kCount);
  Json fail = JobWithRules(R"([{"action":"FailJob","onPodConditions":[{"type":"ConfigIssue"}]}])");
  EXPECT_EQ(JudgeFailedPod(fail, FailedPod("[]", R"([{"type":"ConfigIssue","status":"True"}])")).message,
            "Pod ns/p has condition ConfigIssue matching FailJob rule at index 0");
}

}  // namespace
}  // namespace ekslite::controllers::job

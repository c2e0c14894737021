#include "controllers/job/pod_failure_backoff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace ekslite::controllers::job {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Clock::time_point At(int second) {
  Clock::time_point t;
  EXPECT_TRUE(ParseRfc3339("2026-01-01T00:00:00Z", &t));
  return t + seconds(second);
}

// A pod of `phase` whose container finished at second `finished`.
client::ObjectPtr Pod(const std::string& phase, int finished) {
  std::string when = FormatRfc3339(At(finished));
  auto pod = client::ParseObject(
      R"({"metadata":{"name":"p","creationTimestamp":"2026-01-01T00:00:00Z"},"status":{"phase":")" +
      phase + R"(","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":1,"finishedAt":")" +
      when + R"("}}}]}})");
  EXPECT_TRUE(pod.ok());
  return *pod;
}

TEST(PodFailureBackoffTest, DoublesPerFailureFromTheLatestOne) {
  PodFailureBackoff policy;
  EXPECT_EQ(RemainingBackoff({}, At(0), policy), Clock::duration::zero());
  EXPECT_EQ(RemainingBackoff({Pod("Failed", 100)}, At(104), policy), seconds(6));
  // Two failures: 20 s from the later one.
  EXPECT_EQ(RemainingBackoff({Pod("Failed", 100), Pod("Failed", 110)}, At(115), policy), seconds(15));
  EXPECT_EQ(RemainingBackoff({Pod("Failed", 100)}, At(200), policy), Clock::duration::zero());
}

TEST(PodFailureBackoffTest, CappedAtTheMaximum) {
  std::vector<client::ObjectPtr> pods;
  for (int i = 0; i < 12; ++i) pods.push_back(Pod("Failed", i));
  EXPECT_EQ(RemainingBackoff(pods, At(11), {}), minutes(10));
  EXPECT_EQ(RemainingBackoff(pods, At(11), {.base = seconds(1), .max = seconds(30)}), seconds(30));
}

TEST(PodFailureBackoffTest, ASuccessResetsTheCount) {
  // The failure before the success does not count; the one after it does.
  EXPECT_EQ(RemainingBackoff({Pod("Failed", 10), Pod("Succeeded", 20), Pod("Failed", 30)}, At(30), {}),
            seconds(10));
  EXPECT_EQ(RemainingBackoff({Pod("Failed", 10), Pod("Succeeded", 20)}, At(21), {}),
            Clock::duration::zero());
}

TEST(PodFailureBackoffTest, FinishTimeFallsBackToTheReadyCondition) {
  auto pod = client::ParseObject(
      R"({"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z"},"status":{"phase":"Failed",)"
      R"("conditions":[{"type":"Ready","status":"False","lastTransitionTime":"2026-01-01T00:00:42Z"}]}})");
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ(PodFinishTime(**pod), At(42));
  auto bare = client::ParseObject(R"({"metadata":{"creationTimestamp":"2026-01-01T00:00:07Z"}})");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(PodFinishTime(**bare), At(7));
}

}  // namespace
}  // namespace ekslite::controllers::job

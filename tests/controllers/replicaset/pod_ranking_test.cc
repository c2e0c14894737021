#include "controllers/replicaset/pod_ranking.h"

#include <gtest/gtest.h>

namespace ekslite::controllers {
namespace {

Clock::time_point At(const char* text) {
  Clock::time_point t;
  EXPECT_TRUE(ParseRfc3339(text, &t));
  return t;
}

// A pod named `name` with the given node, phase, readiness (and since when),
// deletion cost, restart count and creation time.
struct PodSpec {
  std::string name;
  std::string node = "n1";
  std::string phase = "Running";
  bool ready = true;
  std::string ready_since = "2024-01-01T00:00:00Z";
  std::string cost = "";
  int restarts = 0;
  std::string created = "2024-01-01T00:00:00Z";
};

client::ObjectPtr Pod(const PodSpec& s) {
  std::string annotations =
      s.cost.empty() ? "{}" : R"({"controller.kubernetes.io/pod-deletion-cost":")" + s.cost + "\"}";
  std::string text = R"({"metadata":{"name":")" + s.name + R"(","uid":")" + s.name +
                     R"(","creationTimestamp":")" + s.created + R"(","annotations":)" + annotations +
                     R"(},"spec":{"nodeName":")" + s.node + R"("},"status":{"phase":")" + s.phase +
                     R"(","conditions":[{"type":"Ready","status":")" + (s.ready ? "True" : "False") +
                     R"(","lastTransitionTime":")" + s.ready_since +
                     R"("}],"containerStatuses":[{"name":"c","restartCount":)" +
                     std::to_string(s.restarts) + "}]}}";
  return *client::ParseObject(text);
}

std::string First(const std::vector<client::ObjectPtr>& pods, size_t count = 1,
                  const std::vector<client::ObjectPtr>& related = {}) {
  auto victims = PodsToDelete(pods, related.empty() ? pods : related, count, At("2024-01-02T00:00:00Z"));
  std::string names;
  for (const auto& p : victims) names += (names.empty() ? "" : ",") + std::string(StringAt(*p, "metadata.name"));
  return names;
}

TEST(PodRankingTest, UnscheduledBeforeScheduled) {
  EXPECT_EQ(First({Pod({.name = "a"}), Pod({.name = "b", .node = ""})}), "b");
}

TEST(PodRankingTest, PendingBeforeUnknownBeforeRunning) {
  EXPECT_EQ(First({Pod({.name = "run"}), Pod({.name = "unk", .phase = "Unknown"}),
                   Pod({.name = "pend", .phase = "Pending"})},
                  3),
            "pend,unk,run");
}

TEST(PodRankingTest, NotReadyBeforeReady) {
  EXPECT_EQ(First({Pod({.name = "r"}), Pod({.name = "nr", .ready = false})}), "nr");
}

TEST(PodRankingTest, LowerDeletionCostFirst) {
  EXPECT_EQ(First({Pod({.name = "cheap", .cost = "-5"}), Pod({.name = "dear", .cost = "100"}),
                   Pod({.name = "plain"})},
                  3),
            "cheap,plain,dear");
}

TEST(PodRankingTest, DoubledUpNodeFirst) {
  auto a = Pod({.name = "alone", .node = "n1"});
  auto b = Pod({.name = "crowded", .node = "n2"});
  auto c = Pod({.name = "other", .node = "n2"});
  EXPECT_EQ(First({a, b}, 1, {a, b, c}), "crowded");
}

TEST(PodRankingTest, ReadyForShorterTimeFirst) {
  EXPECT_EQ(First({Pod({.name = "old", .ready_since = "2024-01-01T00:00:00Z"}),
                   Pod({.name = "new", .ready_since = "2024-01-01T23:59:00Z"})}),
            "new");
}

TEST(PodRankingTest, MoreRestartsFirst) {
  EXPECT_EQ(First({Pod({.name = "calm"}), Pod({.name = "crashy", .restarts = 7})}), "crashy");
}

TEST(PodRankingTest, NewerFirstWhenAllElseIsEqual) {
  EXPECT_EQ(First({Pod({.name = "older", .created = "2023-01-01T00:00:00Z"}),
                   Pod({.name = "newer", .created = "2024-01-01T12:00:00Z"})}),
            "newer");
}

}  // namespace
}  // namespace ekslite::controllers

#include "scheduler/profile.h"

#include <gtest/gtest.h>

#include "scheduler/cache.h"
#include "scheduler/disruption_budgets.h"
#include "scheduler/preemption.h"
#include "tests/scheduler/test_objects.h"

namespace ekslite::scheduler {
namespace {

using testing::NodeBuilder;
using testing::PodBuilder;

TEST(ProfileTest, SamplesNodesLikeUpstream) {
  Profile p({});
  EXPECT_EQ(p.NumFeasibleNodesToFind(50), 50);
  EXPECT_EQ(p.NumFeasibleNodesToFind(100), 100);    // 49% of 100 < 100 nodes
  EXPECT_EQ(p.NumFeasibleNodesToFind(1000), 420);   // 42%
  EXPECT_EQ(p.NumFeasibleNodesToFind(5000), 500);   // 10%
  EXPECT_EQ(p.NumFeasibleNodesToFind(10000), 500);  // 5% minimum
  ProfileOptions all;
  all.percentage_of_nodes_to_score = 100;
  EXPECT_EQ(Profile(all).NumFeasibleNodesToFind(5000), 5000);
}

class ProfileCacheTest : public ::testing::Test {
 protected:
  ScheduleResult Schedule(Profile& profile, const PodInfo& pod) {
    auto lock = cache_.Lock();
    return profile.Schedule(pod, cache_);
  }
  SchedulerCache cache_;
};

TEST_F(ProfileCacheTest, LeastAllocatedPicksTheEmptierNodeMostAllocatedTheFuller) {
  cache_.AddOrUpdateNode(NodeBuilder("busy", "4", "8Gi").Object());
  cache_.AddOrUpdateNode(NodeBuilder("idle", "4", "8Gi").Object());
  cache_.AddOrUpdatePod(PodBuilder("old").Requests("2", "4Gi").Node("busy").Info());
  PodInfoPtr pod = PodBuilder("p").Requests("1", "2Gi").Info();
  Profile least({.scoring = ScoringStrategy::kLeastAllocated, .seed = 1});
  EXPECT_EQ(Schedule(least, *pod).node, "idle");
  Profile most({.scoring = ScoringStrategy::kMostAllocated, .seed = 1});
  EXPECT_EQ(Schedule(most, *pod).node, "busy");
}

TEST_F(ProfileCacheTest, TiesAreBrokenAtRandom) {
  for (int i = 0; i < 4; ++i) cache_.AddOrUpdateNode(NodeBuilder("n" + std::to_string(i)).Object());
  Profile profile({.seed = 42});
  std::set<std::string> chosen;
  PodInfoPtr pod = PodBuilder("p").Requests("1", "1Gi").Info();
  for (int i = 0; i < 100; ++i) chosen.insert(Schedule(profile, *pod).node);
  EXPECT_EQ(chosen.size(), 4u);
}

TEST_F(ProfileCacheTest, DiagnosisGivesUpstreamsMessage) {
  cache_.AddOrUpdateNode(NodeBuilder("t", "4", "8Gi").Taint("a", "b", "NoSchedule").Object());
  cache_.AddOrUpdateNode(NodeBuilder("s1", "1", "8Gi").Object());
  cache_.AddOrUpdateNode(NodeBuilder("s2", "1", "8Gi").Object());
  PodInfoPtr pod = PodBuilder("p").Requests("2").Info();
  Profile profile({});
  ScheduleResult r = Schedule(profile, *pod);
  ASSERT_TRUE(r.node.empty());
  auto lock = cache_.Lock();
  PreemptionResult pre = Preempt(profile, *pod, r, cache_);
  EXPECT_TRUE(pre.node.empty());
  r.diagnosis.postfilter_message = pre.message;
  EXPECT_EQ(FitErrorMessage(3, r.diagnosis),
            "0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient "
            "cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
            "scheduling, 2 No preemption victims found for incoming pod.");
}

TEST_F(ProfileCacheTest, PreemptionPicksTheNodeWithTheLeastImportantVictims) {
  cache_.AddOrUpdateNode(NodeBuilder("a", "2", "8Gi").Object());
  cache_.AddOrUpdateNode(NodeBuilder("b", "2", "8Gi").Object());
  cache_.AddOrUpdatePod(PodBuilder("a-mid").Requests("2").Priority(50).Node("a").Info());
  cache_.AddOrUpdatePod(PodBuilder("b-low1").Requests("1").Priority(10).Node("b").Info());
  cache_.AddOrUpdatePod(PodBuilder("b-low2").Requests("1").Priority(10).Node("b").Info());
  PodInfoPtr pod = PodBuilder("vip").Requests("1").Priority(100).Info();
  Profile profile({});
  ScheduleResult r = Schedule(profile, *pod);
  ASSERT_TRUE(r.node.empty());
  auto lock = cache_.Lock();
  PreemptionResult pre = Preempt(profile, *pod, r, cache_);
  // Node b: one priority-10 victim is enough (the other is reprieved).
  EXPECT_EQ(pre.node, "b");
  ASSERT_EQ(pre.victims.size(), 1u);
  EXPECT_EQ(pre.victims[0]->priority, 10);
}

// Budgets steer preemption: a node whose victims would violate a budget
// loses to one whose victims would not, even a more important one.
TEST_F(ProfileCacheTest, PreemptionAvoidsNodesWhereVictimsViolateABudget) {
  cache_.AddOrUpdateNode(NodeBuilder("a", "1", "8Gi").Object());
  cache_.AddOrUpdateNode(NodeBuilder("b", "1", "8Gi").Object());
  cache_.AddOrUpdatePod(PodBuilder("db").Label("app", "db").Requests("1").Priority(10).Node("a").Info());
  cache_.AddOrUpdatePod(PodBuilder("web").Label("app", "web").Requests("1").Priority(20).Node("b").Info());
  PodInfoPtr pod = PodBuilder("vip").Requests("1").Priority(100).Info();
  auto pdb = client::ParseObject(
      R"({"metadata":{"name":"db","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"db"}}},)"
      R"("status":{"disruptionsAllowed":0}})");
  ASSERT_TRUE(pdb.ok());
  std::vector<DisruptionBudget> budgets = BudgetsFromObjects({*pdb});
  ASSERT_EQ(budgets.size(), 1u);
  Profile profile({});
  ScheduleResult r = Schedule(profile, *pod);
  ASSERT_TRUE(r.node.empty());
  auto lock = cache_.Lock();
  // Without the budget the lower-priority victim on a wins.
  EXPECT_EQ(Preempt(profile, *pod, r, cache_).node, "a");
  PreemptionResult pre = Preempt(profile, *pod, r, cache_, budgets);
  EXPECT_EQ(pre.node, "b");
  ASSERT_EQ(pre.victims.size(), 1u);
  EXPECT_EQ(pre.victims[0]->name, "web");
}

TEST(DisruptionBudgetsTest, EachVictimSpendsFromTheBudgetsThatSelectIt) {
  auto pdb = client::ParseObject(
      R"({"metadata":{"name":"db","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"db"}}},)"
      R"("status":{"disruptionsAllowed":1,"disruptedPods":{"db-0":"2026-01-01T00:00:00Z"}}})");
  ASSERT_TRUE(pdb.ok());
  std::vector<PodInfoPtr> pods = {PodBuilder("db-0").Label("app", "db").Info(),
                                  PodBuilder("db-1").Label("app", "db").Info(),
                                  PodBuilder("db-2").Label("app", "db").Info(),
                                  PodBuilder("other").Label("app", "x").Info()};
  std::vector<PodInfoPtr> violating, fine;
  SplitByBudgets(pods, BudgetsFromObjects({*pdb}), &violating, &fine);
  // db-0 was already disrupted (free), db-1 spends the one allowed, db-2 violates.
  ASSERT_EQ(violating.size(), 1u);
  EXPECT_EQ(violating[0]->name, "db-2");
  EXPECT_EQ(fine.size(), 3u);
}

TEST_F(ProfileCacheTest, PreemptionPolicyNeverIsNotEligible) {
  cache_.AddOrUpdateNode(NodeBuilder("a", "1", "8Gi").Object());
  cache_.AddOrUpdatePod(PodBuilder("low").Requests("1").Priority(0).Node("a").Info());
  PodInfoPtr pod =
      PodBuilder("vip").Requests("1").Priority(100).Spec("preemptionPolicy", R"("Never")").Info();
  Profile profile({});
  ScheduleResult r = Schedule(profile, *pod);
  auto lock = cache_.Lock();
  PreemptionResult pre = Preempt(profile, *pod, r, cache_);
  EXPECT_TRUE(pre.node.empty());
  EXPECT_EQ(pre.message, "preemption: not eligible due to preemptionPolicy=Never");
}

}  // namespace
}  // namespace ekslite::scheduler

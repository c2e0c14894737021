#include "controllers/deployment/deployment_util.h"

#include <gtest/gtest.h>

#include <regex>

namespace ekslite::controllers::deployment {
namespace {

Json Deployment(int replicas, const std::string& surge, const std::string& unavailable) {
  return std::move(*ParseJson(R"({"spec":{"replicas":)" + std::to_string(replicas) +
                              R"(,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":)" + surge +
                              R"(,"maxUnavailable":)" + unavailable + "}}}}"));
}

TEST(DeploymentUtilTest, PercentagesRoundSurgeUpAndUnavailableDown) {
  Fenceposts f = ResolveFenceposts(Deployment(10, "\"25%\"", "\"25%\""), 10);
  EXPECT_EQ(f.max_surge, 3);
  EXPECT_EQ(f.max_unavailable, 2);
  f = ResolveFenceposts(Deployment(3, "\"25%\"", "\"25%\""), 3);
  EXPECT_EQ(f.max_surge, 1);
  EXPECT_EQ(f.max_unavailable, 0);
  f = ResolveFenceposts(Deployment(4, "\"25%\"", "\"25%\""), 4);
  EXPECT_EQ(f.max_surge, 1);
  EXPECT_EQ(f.max_unavailable, 1);
}

TEST(DeploymentUtilTest, BothZeroMeansOneUnavailable) {
  Fenceposts f = ResolveFenceposts(Deployment(2, "\"0%\"", "\"1%\""), 2);
  EXPECT_EQ(f.max_surge, 0);
  EXPECT_EQ(f.max_unavailable, 1);
  EXPECT_EQ(MaxUnavailable(Deployment(2, "0", "5")), 2);  // capped at replicas
}

TEST(DeploymentUtilTest, RecreateHasNoSurgeOrUnavailable) {
  Json d = *ParseJson(R"({"spec":{"replicas":4,"strategy":{"type":"Recreate"}}})");
  EXPECT_EQ(MaxSurge(d), 0);
  EXPECT_EQ(MaxUnavailable(d), 0);
}

TEST(DeploymentUtilTest, HashIsStableUsesTheSafeAlphabetAndChangesWithCollisions) {
  Json t = *ParseJson(R"({"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"x"}]}})");
  std::string h = PodTemplateHash(t, std::nullopt);
  EXPECT_EQ(h, PodTemplateHash(t, std::nullopt));
  EXPECT_TRUE(std::regex_match(h, std::regex("[bcdfghjklmnpqrstvwxz2456789]{1,10}")));
  EXPECT_NE(h, PodTemplateHash(t, 1));
}

TEST(DeploymentUtilTest, EqualIgnoreHashDropsOnlyTheHashLabel) {
  Json a = *ParseJson(R"({"metadata":{"labels":{"app":"web","pod-template-hash":"abc"}},"spec":{"x":1}})");
  Json b = *ParseJson(R"({"metadata":{"labels":{"app":"web"}},"spec":{"x":1}})");
  Json c = *ParseJson(R"({"metadata":{"labels":{"app":"web"}},"spec":{"x":2}})");
  EXPECT_TRUE(EqualIgnoreHash(a, b));
  EXPECT_FALSE(EqualIgnoreHash(a, c));
}

TEST(DeploymentUtilTest, NewReplicaSetGrowsWithinSurge) {
  EXPECT_EQ(NewReplicaSetReplicas(3, 1, 3, 0), 1);   // 3 old, may add one
  EXPECT_EQ(NewReplicaSetReplicas(3, 1, 4, 1), 1);   // at the cap
  EXPECT_EQ(NewReplicaSetReplicas(10, 3, 8, 0), 5);  // 13 - 8
  EXPECT_EQ(NewReplicaSetReplicas(10, 3, 9, 8), 10); // never above replicas
}

TEST(DeploymentUtilTest, ProportionalScalingMatchesTheDocumentedExample) {
  // 10 replicas, maxSurge 3: old set 8, new set 5 (max-replicas 13); scaled
  // to 15, 18 are allowed and 5 to add: old +3 -> 11, new +2 -> 7.
  int64_t old_share = ReplicaSetProportion(8, 13, 13, 15, 3, 5, 0);
  int64_t new_share = ReplicaSetProportion(5, 13, 13, 15, 3, 5, old_share);
  EXPECT_EQ(old_share, 3);
  EXPECT_EQ(new_share, 2);
}

}  // namespace
}  // namespace ekslite::controllers::deployment

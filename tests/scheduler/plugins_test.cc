// Filter and score math of each plugin, against NodeInfos built in memory.
#include "scheduler/plugins/plugins.h"

#include <gtest/gtest.h>

#include "scheduler/cache.h"
#include "scheduler/quantity.h"
#include "tests/scheduler/test_objects.h"

namespace ekslite::scheduler {
namespace {

using testing::NodeBuilder;
using testing::PodBuilder;

NodeInfo Node(const NodeBuilder& b) {
  NodeInfo n(std::string(StringAt(*b.Object(), "metadata.name")));
  n.SetNode(b.Object());
  return n;
}

TEST(QuantityTest, ParsesSuffixesAndRoundsUp) {
  EXPECT_EQ(ParseMilliQuantity("100m"), 100);
  EXPECT_EQ(ParseMilliQuantity("2"), 2000);
  EXPECT_EQ(ParseMilliQuantity("0.5"), 500);
  EXPECT_EQ(ParseQuantity("1.5Gi"), 1610612736);
  EXPECT_EQ(ParseQuantity("500Mi"), 524288000);
  EXPECT_EQ(ParseQuantity("1e3"), 1000);
  EXPECT_EQ(ParseQuantity("2k"), 2000);
  EXPECT_EQ(ParseQuantity("100m"), 1);  // rounded up
  EXPECT_EQ(ParseQuantity("x"), std::nullopt);
  EXPECT_EQ(ParseQuantity("1Qi"), std::nullopt);
}

TEST(PodInfoTest, RequestsFollowTheInitContainerMaxRuleAndOverhead) {
  PodBuilder b("p");
  b.Spec("containers", R"([{"name":"a","resources":{"requests":{"cpu":"200m","memory":"1Gi"}}},
                           {"name":"b","resources":{"requests":{"cpu":"300m"}}}])");
  b.Spec("initContainers",
         R"([{"name":"i","resources":{"requests":{"cpu":"1","memory":"100Mi"}}}])");
  b.Spec("overhead", R"({"cpu":"50m","memory":"10Mi"})");
  PodInfoPtr p = b.Info();
  EXPECT_EQ(p->requests.milli_cpu, 1050);                    // max(500, 1000) + 50
  EXPECT_EQ(p->requests.memory, (1024 + 10) * 1024 * 1024);  // max(1Gi, 100Mi) + 10Mi
  // Container b sets no memory: it counts 200Mi when scoring.
  EXPECT_EQ(p->non_zero_memory, (1024 + 200 + 10) * 1024 * 1024);
}

TEST(PodInfoTest, SidecarsAddToTheSum) {
  PodBuilder b("p");
  b.Spec("containers", R"([{"name":"a","resources":{"requests":{"cpu":"500m"}}}])");
  b.Spec("initContainers", R"([{"name":"s","restartPolicy":"Always",
                                "resources":{"requests":{"cpu":"200m"}}},
                               {"name":"i","resources":{"requests":{"cpu":"600m"}}}])");
  // max(500 + 200, 600 + 200)
  EXPECT_EQ(b.Info()->requests.milli_cpu, 800);
}

TEST(NodeResourcesFitTest, ReportsEachInsufficientResource) {
  NodeInfo node = Node(NodeBuilder("n1", "2", "4Gi", 110));
  node.AddPod(PodBuilder("old").Requests("1500m", "1Gi").Node("n1").Info());
  NodeResourcesFit fit(ScoringStrategy::kLeastAllocated);
  CycleState state;
  FilterResult r = fit.Filter(state, *PodBuilder("p").Requests("1", "4Gi").Info(), node);
  EXPECT_EQ(r.code, FilterCode::kUnschedulable);
  EXPECT_EQ(r.reasons, (std::vector<std::string>{"Insufficient cpu", "Insufficient memory"}));
  EXPECT_TRUE(fit.Filter(state, *PodBuilder("p").Requests("500m", "3Gi").Info(), node).ok());
}

TEST(NodeResourcesFitTest, CountsPods) {
  NodeInfo node = Node(NodeBuilder("n1", "2", "4Gi", 1));
  node.AddPod(PodBuilder("old").Node("n1").Info());
  NodeResourcesFit fit(ScoringStrategy::kLeastAllocated);
  FilterResult r = fit.Filter(CycleState(), *PodBuilder("p").Info(), node);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"Too many pods"});
}

TEST(NodeResourcesFitTest, LeastAndMostAllocatedScores) {
  NodeInfo node = Node(NodeBuilder("n1", "4", "8Gi"));
  PodInfoPtr pod = PodBuilder("p").Requests("1", "2Gi").Info();
  // Free after placing: 3/4 cpu and 6/8 memory -> 75; used: 25.
  EXPECT_EQ(NodeResourcesFit(ScoringStrategy::kLeastAllocated).Score(CycleState(), *pod, node), 75);
  EXPECT_EQ(NodeResourcesFit(ScoringStrategy::kMostAllocated).Score(CycleState(), *pod, node), 25);
  // Unset requests count as 100m / 200Mi.
  PodInfoPtr empty = PodBuilder("e").Info();
  // cpu (4000-100)*100/4000 = 97, memory (8192-200)*100/8192 = 97
  EXPECT_EQ(NodeResourcesFit(ScoringStrategy::kLeastAllocated).Score(CycleState(), *empty, node),
            97);
}

TEST(BalancedAllocationTest, ScoresTheDifferenceOfFractions) {
  NodeInfo node = Node(NodeBuilder("n1", "4", "8Gi"));
  BalancedAllocation ba;
  CycleState state;
  SchedulerCache view;
  PodInfoPtr pod = PodBuilder("p").Requests("1", "4Gi").Info();
  ASSERT_TRUE(ba.PreScore(state, *pod, {&node}, view));
  // fractions 0.25 and 0.5: (1 - 0.125) * 100
  EXPECT_EQ(ba.Score(state, *pod, node), 87);
  EXPECT_FALSE(ba.PreScore(state, *PodBuilder("besteffort").Info(), {&node}, view));
}

TEST(TaintTolerationTest, FilterNamesTheFirstUntoleratedTaint) {
  NodeInfo node = Node(NodeBuilder("n1")
                           .Taint("soft", "x", "PreferNoSchedule")
                           .Taint("dedicated", "gpu", "NoSchedule"));
  TaintToleration tt;
  FilterResult r = tt.Filter(CycleState(), *PodBuilder("p").Info(), node);
  EXPECT_EQ(r.code, FilterCode::kUnresolvable);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"node(s) had untolerated taint {dedicated: gpu}"});
  PodInfoPtr tolerates = PodBuilder("t")
                             .Spec("tolerations", R"([{"key":"dedicated","operator":"Equal",
                                    "value":"gpu","effect":"NoSchedule"}])")
                             .Info();
  EXPECT_TRUE(tt.Filter(CycleState(), *tolerates, node).ok());
  PodInfoPtr all = PodBuilder("a").Spec("tolerations", R"([{"operator":"Exists"}])").Info();
  EXPECT_TRUE(tt.Filter(CycleState(), *all, node).ok());
}

TEST(TaintTolerationTest, FewerPreferNoScheduleTaintsScoreHigher) {
  NodeInfo clean = Node(NodeBuilder("a"));
  NodeInfo one = Node(NodeBuilder("b").Taint("x", "", "PreferNoSchedule"));
  NodeInfo two =
      Node(NodeBuilder("c").Taint("x", "", "PreferNoSchedule").Taint("y", "", "PreferNoSchedule"));
  TaintToleration tt;
  PodInfoPtr pod = PodBuilder("p").Info();
  std::vector<int64_t> scores = {tt.Score({}, *pod, clean), tt.Score({}, *pod, one),
                                 tt.Score({}, *pod, two)};
  tt.Normalize({}, *pod, {}, scores);
  EXPECT_EQ(scores, (std::vector<int64_t>{100, 50, 0}));
}

TEST(NodeAffinityTest, SelectorAndRequiredTerms) {
  NodeInfo ssd = Node(NodeBuilder("n1").Label("disk", "ssd").Label("gen", "5"));
  NodeInfo hdd = Node(NodeBuilder("n2").Label("disk", "hdd").Label("gen", "3"));
  NodeAffinity na;
  PodInfoPtr selector = PodBuilder("p").Spec("nodeSelector", R"({"disk":"ssd"})").Info();
  EXPECT_TRUE(na.Filter({}, *selector, ssd).ok());
  FilterResult r = na.Filter({}, *selector, hdd);
  EXPECT_EQ(r.code, FilterCode::kUnresolvable);
  EXPECT_EQ(r.reasons,
            std::vector<std::string>{"node(s) didn't match Pod's node affinity/selector"});
  PodInfoPtr gt =
      PodBuilder("q")
          .Spec("affinity", R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                        {"nodeSelectorTerms":[{"matchExpressions":[{"key":"gen","operator":"Gt","values":["4"]}]},
                                              {"matchFields":[{"key":"metadata.name","operator":"In","values":["n9"]}]}]}}})")
          .Info();
  EXPECT_TRUE(na.Filter({}, *gt, ssd).ok());
  EXPECT_FALSE(na.Filter({}, *gt, hdd).ok());
}

TEST(NodeAffinityTest, PreferredTermsScoreNormalized) {
  NodeInfo a = Node(NodeBuilder("a").Label("zone", "z1").Label("disk", "ssd"));
  NodeInfo b = Node(NodeBuilder("b").Label("zone", "z1"));
  NodeInfo c = Node(NodeBuilder("c"));
  NodeAffinity na;
  PodInfoPtr pod =
      PodBuilder("p")
          .Spec("affinity", R"({"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
                         {"weight":30,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["z1"]}]}},
                         {"weight":10,"preference":{"matchExpressions":[{"key":"disk","operator":"Exists"}]}}]}})")
          .Info();
  CycleState state;
  SchedulerCache view;
  ASSERT_TRUE(na.PreScore(state, *pod, {}, view));
  std::vector<int64_t> scores = {na.Score(state, *pod, a), na.Score(state, *pod, b),
                                 na.Score(state, *pod, c)};
  EXPECT_EQ(scores, (std::vector<int64_t>{40, 30, 0}));
  na.Normalize(state, *pod, {}, scores);
  EXPECT_EQ(scores, (std::vector<int64_t>{100, 75, 0}));
}

TEST(NodePortsTest, WildcardAddressConflictsWithAny) {
  NodeInfo node = Node(NodeBuilder("n1"));
  node.AddPod(
      PodBuilder("old")
          .Node("n1")
          .Spec(
              "containers",
              R"([{"name":"c","ports":[{"containerPort":80,"hostPort":8080,"hostIP":"10.0.0.1"}]}])")
          .Info());
  NodePorts np;
  auto pod = [](const std::string& port_json) {
    return PodBuilder("p")
        .Spec("containers", "[{\"name\":\"c\",\"ports\":[" + port_json + "]}]")
        .Info();
  };
  FilterResult r = np.Filter({}, *pod(R"({"containerPort":80,"hostPort":8080})"), node);
  EXPECT_EQ(r.reasons,
            std::vector<std::string>{"node(s) didn't have free ports for the requested pod ports"});
  EXPECT_TRUE(
      np.Filter({}, *pod(R"({"containerPort":80,"hostPort":8080,"hostIP":"10.0.0.2"})"), node)
          .ok());
  EXPECT_TRUE(
      np.Filter({}, *pod(R"({"containerPort":80,"hostPort":8080,"protocol":"UDP"})"), node).ok());
  EXPECT_TRUE(np.Filter({}, *pod(R"({"containerPort":80,"hostPort":9090})"), node).ok());
}

TEST(NodeUnschedulableTest, CordonedNodesTakeOnlyTolerantPods) {
  NodeInfo node = Node(NodeBuilder("n1").Unschedulable());
  NodeUnschedulable nu;
  FilterResult r = nu.Filter({}, *PodBuilder("p").Info(), node);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"node(s) were unschedulable"});
  PodInfoPtr ds =
      PodBuilder("d")
          .Spec(
              "tolerations",
              R"([{"key":"node.kubernetes.io/unschedulable","operator":"Exists","effect":"NoSchedule"}])")
          .Info();
  EXPECT_TRUE(nu.Filter({}, *ds, node).ok());
}

// A cache with nodes in two zones and pods labelled app=web.
class TopologyTest : public ::testing::Test {
 protected:
  void AddNode(const std::string& name, const std::string& zone) {
    NodeBuilder b(name);
    if (!zone.empty()) b.Label("zone", zone);
    cache_.AddOrUpdateNode(b.Object());
  }
  void AddPod(const std::string& name, const std::string& node, const std::string& app = "web") {
    cache_.AddOrUpdatePod(PodBuilder(name).Label("app", app).Node(node).Info());
  }
  FilterResult Filter(FilterPlugin& plugin, const PodInfo& pod, const std::string& node) {
    auto lock = cache_.Lock();
    CycleState state;
    EXPECT_TRUE(plugin.PreFilter(state, pod, cache_).ok());
    return plugin.Filter(state, pod, *cache_.Node(node));
  }
  SchedulerCache cache_;
};

TEST_F(TopologyTest, SpreadFilterHoldsMaxSkew) {
  AddNode("a1", "a");
  AddNode("a2", "a");
  AddNode("b1", "b");
  AddNode("nolabel", "");
  AddPod("w1", "a1");
  AddPod("w2", "a2");
  AddPod("other", "b1", "db");
  PodInfoPtr pod = PodBuilder("new")
                       .Label("app", "web")
                       .Spec("topologySpreadConstraints", R"([{"maxSkew":1,"topologyKey":"zone",
                         "whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"web"}}}])")
                       .Info();
  PodTopologySpread spread;
  // zone a has 2, zone b has 0: a + 1 - 0 = 3 > 1.
  FilterResult r = Filter(spread, *pod, "a1");
  EXPECT_EQ(r.code, FilterCode::kUnschedulable);
  EXPECT_EQ(r.reasons,
            std::vector<std::string>{"node(s) didn't match pod topology spread constraints"});
  EXPECT_TRUE(Filter(spread, *pod, "b1").ok());
  EXPECT_EQ(Filter(spread, *pod, "nolabel").reasons,
            std::vector<std::string>{
                "node(s) didn't match pod topology spread constraints (missing required label)"});
}

TEST_F(TopologyTest, SpreadScorePrefersEmptierDomains) {
  AddNode("a1", "a");
  AddNode("b1", "b");
  AddPod("w1", "a1");
  AddPod("w2", "a1");
  PodInfoPtr pod = PodBuilder("new")
                       .Label("app", "web")
                       .Spec("topologySpreadConstraints", R"([{"maxSkew":1,"topologyKey":"zone",
                         "whenUnsatisfiable":"ScheduleAnyway","labelSelector":{"matchLabels":{"app":"web"}}}])")
                       .Info();
  PodTopologySpread spread;
  auto lock = cache_.Lock();
  std::vector<const NodeInfo*> nodes = {cache_.Node("a1"), cache_.Node("b1")};
  CycleState state;
  ASSERT_TRUE(spread.PreScore(state, *pod, nodes, cache_));
  std::vector<int64_t> scores = {spread.Score(state, *pod, *nodes[0]),
                                 spread.Score(state, *pod, *nodes[1])};
  // 2 pods * log(2 + 2) = 2.77 -> 3; 0.
  EXPECT_EQ(scores, (std::vector<int64_t>{3, 0}));
  spread.Normalize(state, *pod, nodes, scores);
  EXPECT_EQ(scores, (std::vector<int64_t>{0, 100}));
}

TEST_F(TopologyTest, SystemDefaultSpreadingAppliesToWorkloadPods) {
  AddNode("n1", "");
  AddNode("n2", "");
  AddPod("w1", "n1");
  AddPod("w2", "n1");
  PodInfoPtr pod = PodBuilder("new").Label("app", "web").Info();
  PodTopologySpread spread;
  auto lock = cache_.Lock();
  std::vector<const NodeInfo*> nodes = {cache_.Node("n1"), cache_.Node("n2")};
  CycleState plain;
  EXPECT_FALSE(spread.PreScore(plain, *pod, nodes, cache_));  // belongs to nothing
  CycleState state;
  auto d = std::make_unique<DefaultSpreadSelector>();
  d->selector = api::SelectorFromSet({{"app", "web"}});
  state.Write(DefaultSpreadSelector::kKey, std::move(d));
  ASSERT_TRUE(spread.PreScore(state, *pod, nodes, cache_));
  std::vector<int64_t> scores = {spread.Score(state, *pod, *nodes[0]),
                                 spread.Score(state, *pod, *nodes[1])};
  // hostname, maxSkew 3: 2 * log(2 + 2) + 2 = 4.77 -> 5 and 0 + 2; no zone labels.
  EXPECT_EQ(scores, (std::vector<int64_t>{5, 2}));
  spread.Normalize(state, *pod, nodes, scores);
  EXPECT_EQ(scores, (std::vector<int64_t>{40, 100}));
}

TEST_F(TopologyTest, RequiredAntiAffinityKeepsOnePerHost) {
  AddNode("n1", "a");
  AddNode("n2", "a");
  AddPod("w1", "n1");
  PodInfoPtr pod =
      PodBuilder("new")
          .Label("app", "web")
          .Spec("affinity",
                R"({"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
                         {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}]}})")
          .Info();
  InterPodAffinity ipa;
  EXPECT_EQ(Filter(ipa, *pod, "n1").reasons,
            std::vector<std::string>{"node(s) didn't match pod anti-affinity rules"});
  EXPECT_TRUE(Filter(ipa, *pod, "n2").ok());
}

TEST_F(TopologyTest, ExistingPodsAntiAffinityIsSymmetric) {
  AddNode("n1", "a");
  AddNode("n2", "b");
  cache_.AddOrUpdatePod(
      PodBuilder("loner")
          .Node("n1")
          .Spec("affinity",
                R"({"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
                              {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"zone"}]}})")
          .Info());
  PodInfoPtr pod = PodBuilder("new").Label("app", "web").Info();
  InterPodAffinity ipa;
  EXPECT_EQ(Filter(ipa, *pod, "n1").reasons,
            std::vector<std::string>{"node(s) didn't satisfy existing pods anti-affinity rules"});
  EXPECT_TRUE(Filter(ipa, *pod, "n2").ok());
}

TEST_F(TopologyTest, RequiredAffinityFollowsMatchingPods) {
  AddNode("n1", "a");
  AddNode("n2", "b");
  AddPod("db", "n2", "db");
  auto with_affinity = [](const std::string& app, const std::string& target) {
    return PodBuilder("new")
        .Label("app", app)
        .Spec("affinity", R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
          {"labelSelector":{"matchLabels":{"app":")" +
                              target + R"("}},"topologyKey":"zone"}]}})")
        .Info();
  };
  InterPodAffinity ipa;
  PodInfoPtr near_db = with_affinity("web", "db");
  EXPECT_EQ(Filter(ipa, *near_db, "n1").reasons,
            std::vector<std::string>{"node(s) didn't match pod affinity rules"});
  EXPECT_TRUE(Filter(ipa, *near_db, "n2").ok());
  // The first pod of a group that wants its own kind may go anywhere.
  PodInfoPtr first = with_affinity("cache", "cache");
  EXPECT_TRUE(Filter(ipa, *first, "n1").ok());
}

TEST_F(TopologyTest, PreferredAffinityScoresNodesNearMatchingPods) {
  AddNode("n1", "a");
  AddNode("n2", "a");
  AddNode("n3", "b");
  AddPod("db", "n1", "db");
  PodInfoPtr pod =
      PodBuilder("new")
          .Label("app", "web")
          .Spec("affinity", R"({"podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
                         {"weight":80,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"db"}},"topologyKey":"zone"}}]},
                         "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
                         {"weight":20,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"db"}},"topologyKey":"kubernetes.io/hostname"}}]}})")
          .Info();
  InterPodAffinity ipa;
  auto lock = cache_.Lock();
  std::vector<const NodeInfo*> nodes = {cache_.Node("n1"), cache_.Node("n2"), cache_.Node("n3")};
  CycleState state;
  ASSERT_TRUE(ipa.PreScore(state, *pod, nodes, cache_));
  std::vector<int64_t> scores;
  for (const NodeInfo* n : nodes) scores.push_back(ipa.Score(state, *pod, *n));
  // n1: zone a (+80) and the db's own host (-20); n2: zone a; n3: nothing.
  EXPECT_EQ(scores, (std::vector<int64_t>{60, 80, 0}));
  ipa.Normalize(state, *pod, nodes, scores);
  EXPECT_EQ(scores, (std::vector<int64_t>{75, 100, 0}));
}

}  // namespace
}  // namespace ekslite::scheduler

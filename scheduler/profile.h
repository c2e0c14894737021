// Profile: the default profile's plugins in upstream's order with their
// weights, and one scheduling attempt over them — PreFilter, Filter on
// enough nodes (percentageOfNodesToScore), PreScore/Score/Normalize, and the
// best node (ties broken at random). Not thread-safe: one scheduling thread
// uses it, with the cluster view locked.
#ifndef EKSLITE_SCHEDULER_PROFILE_H_
#define EKSLITE_SCHEDULER_PROFILE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scheduler/fit_error.h"
#include "scheduler/framework.h"
#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {

struct ProfileOptions {
  ScoringStrategy scoring = ScoringStrategy::kLeastAllocated;
  // Percentage of nodes to find feasible before scoring; 0 = upstream's
  // adaptive default (50 - nodes/125, at least 5), never fewer than 100 nodes.
  int percentage_of_nodes_to_score = 0;
  uint64_t seed = 0;  // for breaking ties; 0 = from std::random_device
};

struct ScheduleResult {
  std::string node;  // "" when none fits
  int evaluated_nodes = 0;
  int feasible_nodes = 0;
  Diagnosis diagnosis;  // when none fits
  CycleState state;     // after PreFilter, for preemption
};

class Profile {
 public:
  explicit Profile(const ProfileOptions& options);
  Profile(const Profile&) = delete;
  Profile& operator=(const Profile&) = delete;

  // `default_spread`, when set, selects the pods the system default spread
  // constraints count (see DefaultSpreadSelector).
  ScheduleResult Schedule(const PodInfo& pod, const ClusterView& view,
                          const std::optional<api::LabelSelector>& default_spread = std::nullopt);

  // Runs every filter on one node; the first failure.
  FilterResult RunFilters(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const;
  // Runs every PreFilter; the first failure.
  FilterResult RunPreFilters(CycleState& state, const PodInfo& pod, const ClusterView& view);
  const std::vector<FilterPlugin*>& filters() const { return filters_; }

  // How many feasible nodes to look for among `num_all_nodes`.
  int NumFeasibleNodesToFind(int num_all_nodes) const;

 private:
  std::vector<int64_t> ScoreNodes(CycleState& state, const PodInfo& pod,
                                  const std::vector<const NodeInfo*>& nodes,
                                  const ClusterView& view);
  std::string SelectHost(const std::vector<const NodeInfo*>& nodes,
                         const std::vector<int64_t>& scores);

  const ProfileOptions options_;
  NodeUnschedulable node_unschedulable_;
  NodeName node_name_;
  TaintToleration taint_toleration_;
  NodeAffinity node_affinity_;
  NodePorts node_ports_;
  NodeResourcesFit fit_;
  BalancedAllocation balanced_;
  PodTopologySpread spread_;
  InterPodAffinity inter_pod_affinity_;
  std::vector<FilterPlugin*> filters_;
  std::vector<WeightedScorePlugin> scorers_;
  size_t next_start_index_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_PROFILE_H_

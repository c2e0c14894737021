// The default profile's plugins (upstream names), each implemented in the
// file named after it. Weights of the score plugins are upstream's defaults
// (see scheduler/profile.cc).
#ifndef EKSLITE_SCHEDULER_PLUGINS_PLUGINS_H_
#define EKSLITE_SCHEDULER_PLUGINS_PLUGINS_H_

#include "scheduler/framework.h"

namespace ekslite::scheduler {

// Exact reason strings of FailedScheduling messages (upstream's texts).
inline constexpr std::string_view kReasonUnschedulable = "node(s) were unschedulable";
inline constexpr std::string_view kReasonNodeName = "node(s) didn't match the requested node name";
inline constexpr std::string_view kReasonNodeAffinity =
    "node(s) didn't match Pod's node affinity/selector";
inline constexpr std::string_view kReasonNodePorts =
    "node(s) didn't have free ports for the requested pod ports";
inline constexpr std::string_view kReasonTooManyPods = "Too many pods";
inline constexpr std::string_view kReasonSpread =
    "node(s) didn't match pod topology spread constraints";
inline constexpr std::string_view kReasonSpreadMissingLabel =
    "node(s) didn't match pod topology spread constraints (missing required label)";
inline constexpr std::string_view kReasonAffinity = "node(s) didn't match pod affinity rules";
inline constexpr std::string_view kReasonAntiAffinity =
    "node(s) didn't match pod anti-affinity rules";
inline constexpr std::string_view kReasonExistingAntiAffinity =
    "node(s) didn't satisfy existing pods anti-affinity rules";

// NodeUnschedulable: cordoned nodes take only pods tolerating
// node.kubernetes.io/unschedulable:NoSchedule.
class NodeUnschedulable : public FilterPlugin {
 public:
  std::string_view name() const override { return "NodeUnschedulable"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

// NodeName: a pod naming a node fits only there.
class NodeName : public FilterPlugin {
 public:
  std::string_view name() const override { return "NodeName"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

// TaintToleration: NoSchedule/NoExecute taints must be tolerated; fewer
// untolerated PreferNoSchedule taints score higher.
class TaintToleration : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view name() const override { return "TaintToleration"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
  int64_t Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
  void Normalize(const CycleState&, const PodInfo&, const std::vector<const NodeInfo*>&,
                 std::vector<int64_t>& scores) const override;
};

// NodeAffinity: nodeSelector and required node affinity filter; the weights
// of matching preferred terms score.
class NodeAffinity : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view name() const override { return "NodeAffinity"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
  bool PreScore(CycleState&, const PodInfo& pod, const std::vector<const NodeInfo*>&,
                const ClusterView&) override;
  int64_t Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
  void Normalize(const CycleState&, const PodInfo&, const std::vector<const NodeInfo*>&,
                 std::vector<int64_t>& scores) const override;
};

// NodePorts: requested host ports must be free on the node.
class NodePorts : public FilterPlugin {
 public:
  std::string_view name() const override { return "NodePorts"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

enum class ScoringStrategy { kLeastAllocated, kMostAllocated };

// NodeResourcesFit: requests must fit in allocatable minus what the node's
// pods request (and the pod count); scores by LeastAllocated (default) or
// MostAllocated over cpu and memory (weight 1 each).
class NodeResourcesFit : public FilterPlugin, public ScorePlugin {
 public:
  explicit NodeResourcesFit(ScoringStrategy strategy) : strategy_(strategy) {}
  std::string_view name() const override { return "NodeResourcesFit"; }
  FilterResult Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
  int64_t Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;

 private:
  ScoringStrategy strategy_;
};

// NodeResourcesBalancedAllocation: nodes whose cpu and memory fractions
// (with the pod) are closer to each other score higher.
class BalancedAllocation : public ScorePlugin {
 public:
  std::string_view name() const override { return "NodeResourcesBalancedAllocation"; }
  bool PreScore(CycleState&, const PodInfo& pod, const std::vector<const NodeInfo*>&,
                const ClusterView&) override;
  int64_t Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

// PodTopologySpread: DoNotSchedule constraints filter on skew;
// ScheduleAnyway constraints score (fewer matching pods in the node's
// domain score higher).
class PodTopologySpread : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view name() const override { return "PodTopologySpread"; }
  FilterResult PreFilter(CycleState& state, const PodInfo& pod, const ClusterView& view) override;
  FilterResult Filter(const CycleState& state, const PodInfo& pod,
                      const NodeInfo& node) const override;
  void RemovePod(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
                 const ClusterView& view) const override;
  void AddPod(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
              const ClusterView& view) const override;
  bool PreScore(CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                const ClusterView& view) override;
  int64_t Score(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const override;
  void Normalize(const CycleState& state, const PodInfo& pod,
                 const std::vector<const NodeInfo*>& nodes,
                 std::vector<int64_t>& scores) const override;

 private:
  void Update(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
              int delta) const;
};

// InterPodAffinity: required pod affinity and anti-affinity (the pod's, and
// existing pods' anti-affinity towards it) filter; preferred terms score.
class InterPodAffinity : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view name() const override { return "InterPodAffinity"; }
  FilterResult PreFilter(CycleState& state, const PodInfo& pod, const ClusterView& view) override;
  FilterResult Filter(const CycleState& state, const PodInfo& pod,
                      const NodeInfo& node) const override;
  void RemovePod(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
                 const ClusterView& view) const override;
  void AddPod(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
              const ClusterView& view) const override;
  bool PreScore(CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                const ClusterView& view) override;
  int64_t Score(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const override;
  void Normalize(const CycleState& state, const PodInfo& pod,
                 const std::vector<const NodeInfo*>& nodes,
                 std::vector<int64_t>& scores) const override;

 private:
  void Update(CycleState& state, const PodInfo& pod, const PodInfo& other, const NodeInfo& node,
              const ClusterView& view, int delta) const;
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_PLUGINS_PLUGINS_H_

// The plugin framework: the interfaces of upstream's scheduling framework
// that this scheduler implements — PreFilter/Filter (can the pod go to this
// node, and if not, why) and PreScore/Score/NormalizeScore (how good is
// this node, 0..100, weighted) — and the per-cycle state plugins keep.
//
// One scheduling cycle runs on one thread against a consistent ClusterView;
// plugins hold no mutable state of their own between calls (state lives in
// CycleState), so the same plugin objects serve every cycle, and preemption
// can re-run filters against a copy of the state with pods removed.
#ifndef EKSLITE_SCHEDULER_FRAMEWORK_H_
#define EKSLITE_SCHEDULER_FRAMEWORK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/node_info.h"
#include "scheduler/pod_info.h"

namespace ekslite::scheduler {

inline constexpr int64_t kMaxNodeScore = 100;

enum class FilterCode {
  kSuccess,
  // The node does not fit now; removing pods (preemption) might help.
  kUnschedulable,
  // The node cannot fit whatever pods are removed (taints, affinity, ...).
  kUnresolvable,
};

// A filter's verdict, with the reasons shown in FailedScheduling messages.
struct FilterResult {
  FilterCode code = FilterCode::kSuccess;
  std::vector<std::string> reasons;

  static FilterResult Ok() { return {}; }
  static FilterResult Unschedulable(std::string reason) {
    return {FilterCode::kUnschedulable, {std::move(reason)}};
  }
  static FilterResult Unresolvable(std::string reason) {
    return {FilterCode::kUnresolvable, {std::move(reason)}};
  }
  bool ok() const { return code == FilterCode::kSuccess; }
};

// The cluster as one cycle sees it: every node (in a stable order) and the
// labels of namespaces (for affinity terms' namespaceSelector).
class ClusterView {
 public:
  virtual ~ClusterView() = default;
  virtual const std::vector<NodeInfo*>& Nodes() const = 0;
  // nullptr when unknown.
  virtual const NodeInfo* Node(const std::string& name) const = 0;
  virtual const Labels* NamespaceLabels(const std::string& ns) const = 0;
};

// State one plugin computed in PreFilter or PreScore for one cycle.
class PluginState {
 public:
  virtual ~PluginState() = default;
  virtual std::unique_ptr<PluginState> Clone() const = 0;
};

class CycleState {
 public:
  CycleState() = default;
  CycleState Clone() const;
  CycleState(CycleState&&) = default;
  CycleState& operator=(CycleState&&) = default;

  void Write(std::string_view plugin, std::unique_ptr<PluginState> state);
  // nullptr when the plugin wrote nothing (it skipped this pod).
  template <typename T>
  T* Read(std::string_view plugin) const {
    auto it = states_.find(plugin);
    return it == states_.end() ? nullptr : static_cast<T*>(it->second.get());
  }

 private:
  std::map<std::string, std::unique_ptr<PluginState>, std::less<>> states_;
};

class FilterPlugin {
 public:
  virtual ~FilterPlugin() = default;
  virtual std::string_view name() const = 0;
  // Computes what Filter needs across all nodes. A failure rejects the pod
  // for every node (its reason becomes the whole message).
  virtual FilterResult PreFilter(CycleState& state, const PodInfo& pod, const ClusterView& view) {
    return FilterResult::Ok();
  }
  virtual FilterResult Filter(const CycleState& state, const PodInfo& pod,
                              const NodeInfo& node) const = 0;
  // Keep PreFilter state right while preemption simulates removing
  // `other` from (or adding it back to) `node`.
  virtual void RemovePod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                         const NodeInfo& node, const ClusterView& view) const {}
  virtual void AddPod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                      const NodeInfo& node, const ClusterView& view) const {}
};

class ScorePlugin {
 public:
  virtual ~ScorePlugin() = default;
  virtual std::string_view name() const = 0;
  // Prepares scoring of `nodes` (the feasible ones); false skips the plugin
  // for this pod (every node scores 0 from it).
  virtual bool PreScore(CycleState& state, const PodInfo& pod,
                        const std::vector<const NodeInfo*>& nodes, const ClusterView& view) {
    return true;
  }
  // The raw score of one node.
  virtual int64_t Score(const CycleState& state, const PodInfo& pod,
                        const NodeInfo& node) const = 0;
  // Maps the raw scores of every node (same order as PreScore's) to 0..100.
  virtual void Normalize(const CycleState& state, const PodInfo& pod,
                         const std::vector<const NodeInfo*>& nodes,
                         std::vector<int64_t>& scores) const {}
};

// Written into a cycle's state before PreFilter for a pod without spread
// constraints of its own that belongs to a Service, ReplicaSet,
// StatefulSet or ReplicationController: the pods to spread it from
// (upstream's system default constraints select them).
struct DefaultSpreadSelector : PluginState {
  static constexpr std::string_view kKey = "DefaultSpreadSelector";
  api::LabelSelector selector;
  std::unique_ptr<PluginState> Clone() const override {
    return std::make_unique<DefaultSpreadSelector>(*this);
  }
};

struct WeightedScorePlugin {
  ScorePlugin* plugin = nullptr;
  int64_t weight = 1;
};

// Upstream's DefaultNormalizeScore: scales scores so the largest is 100
// (all unchanged when every score is 0); `reverse` then maps s to 100 - s.
void DefaultNormalizeScore(int64_t max_priority, bool reverse, std::vector<int64_t>& scores);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_FRAMEWORK_H_

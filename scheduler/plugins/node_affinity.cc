#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {

FilterResult NodeAffinity::Filter(const CycleState&, const PodInfo& pod,
                                  const NodeInfo& node) const {
  if (pod.MatchesNodeSelectorAndAffinity(node.labels(), node.name())) return FilterResult::Ok();
  return FilterResult::Unresolvable(std::string(kReasonNodeAffinity));
}

bool NodeAffinity::PreScore(CycleState&, const PodInfo& pod, const std::vector<const NodeInfo*>&,
                            const ClusterView&) {
  return !pod.preferred_node_affinity.empty();
}

int64_t NodeAffinity::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  int64_t sum = 0;
  for (const PreferredTerm& p : pod.preferred_node_affinity) {
    if (p.weight != 0 && p.term.Matches(node.labels(), node.name())) sum += p.weight;
  }
  return sum;
}

void NodeAffinity::Normalize(const CycleState&, const PodInfo&, const std::vector<const NodeInfo*>&,
                             std::vector<int64_t>& scores) const {
  DefaultNormalizeScore(kMaxNodeScore, /*reverse=*/false, scores);
}

}  // namespace ekslite::scheduler

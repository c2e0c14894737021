#include <fmt/format.h>

#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {

FilterResult TaintToleration::Filter(const CycleState&, const PodInfo& pod,
                                     const NodeInfo& node) const {
  for (const Taint& taint : node.taints()) {
    if (taint.effect != kNoSchedule && taint.effect != kNoExecute) continue;
    if (ToleratedByAny(pod.tolerations, taint)) continue;
    // The first untolerated taint names the reason (kubectl users see it).
    return FilterResult::Unresolvable(
        fmt::format("node(s) had untolerated taint {{{}: {}}}", taint.key, taint.value));
  }
  return FilterResult::Ok();
}

int64_t TaintToleration::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  // Only tolerations that can apply to PreferNoSchedule count here.
  int64_t untolerated = 0;
  for (const Taint& taint : node.taints()) {
    if (taint.effect != kPreferNoSchedule) continue;
    bool tolerated = false;
    for (const Toleration& t : pod.tolerations) {
      if ((t.effect.empty() || t.effect == kPreferNoSchedule) && Tolerates(t, taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) ++untolerated;
  }
  return untolerated;
}

void TaintToleration::Normalize(const CycleState&, const PodInfo&,
                                const std::vector<const NodeInfo*>&,
                                std::vector<int64_t>& scores) const {
  DefaultNormalizeScore(kMaxNodeScore, /*reverse=*/true, scores);
}

}  // namespace ekslite::scheduler

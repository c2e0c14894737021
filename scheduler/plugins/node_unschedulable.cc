#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {

FilterResult NodeUnschedulable::Filter(const CycleState&, const PodInfo& pod,
                                       const NodeInfo& node) const {
  if (!node.unschedulable()) return FilterResult::Ok();
  // A cordoned node still takes pods that tolerate the taint a cordon
  // implies (DaemonSet pods do).
  static const Taint kCordon{"node.kubernetes.io/unschedulable", "", std::string(kNoSchedule)};
  if (ToleratedByAny(pod.tolerations, kCordon)) return FilterResult::Ok();
  return FilterResult::Unresolvable(std::string(kReasonUnschedulable));
}

FilterResult NodeName::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  if (pod.node_name.empty() || pod.node_name == node.name()) return FilterResult::Ok();
  return FilterResult::Unresolvable(std::string(kReasonNodeName));
}

FilterResult NodePorts::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  for (const HostPort& port : pod.host_ports) {
    if (node.PortConflicts(port)) return FilterResult::Unschedulable(std::string(kReasonNodePorts));
  }
  return FilterResult::Ok();
}

}  // namespace ekslite::scheduler

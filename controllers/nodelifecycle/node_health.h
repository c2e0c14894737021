// The pure decisions of the node lifecycle controller: when a node last
// showed it was alive, which taints its Ready condition calls for, the
// conditions of a node that stopped reporting, and when the NoExecute taint
// manager must evict a pod. No I/O; unit-tested on their own.
#ifndef EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_HEALTH_H_
#define EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_HEALTH_H_

#include <optional>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"

namespace ekslite::controllers::nodelifecycle {

inline constexpr std::string_view kUnreachableTaint = "node.kubernetes.io/unreachable";
inline constexpr std::string_view kNotReadyTaint = "node.kubernetes.io/not-ready";

// The latest sign of life: the lease's spec.renewTime, the Ready
// condition's lastHeartbeatTime, or the node's creation (`lease` may be null).
Clock::time_point LastHeartbeat(const JsonValue& node, const JsonValue* lease);

// Sets every condition of the node's status to Unknown (reason
// NodeStatusUnknown, "Kubelet stopped posting node status."), adding a Ready
// condition when it has none. Returns true when something changed.
bool MarkStatusUnknown(Json& node, Clock::time_point now);

// Makes spec.taints hold exactly the lifecycle taints `ready` calls for
// ("True": none; "False": not-ready; "Unknown": unreachable; each with
// effects NoSchedule and NoExecute, the NoExecute one stamped with `now`),
// keeping every other taint and the timeAdded of taints already present.
// Returns true when the taints changed.
bool SetLifecycleTaints(Json& node, std::string_view ready, Clock::time_point now);

// When a pod on a node with `taints` must go: now (nullopt deadline with
// `evict_now`) when a NoExecute taint is not tolerated, else the earliest
// timeAdded + tolerationSeconds of the tolerations that limit their time.
// Returns nullopt with *evict_now false when the pod may stay.
std::optional<Clock::time_point> EvictionTime(const JsonValue& pod, const JsonValue* taints,
                                              bool* evict_now);

}  // namespace ekslite::controllers::nodelifecycle

#endif  // EKSLITE_CONTROLLERS_NODELIFECYCLE_NODE_HEALTH_H_

// The status writes the scheduler makes on pods: the PodScheduled=False
// condition (with status.nominatedNodeName after a preemption) on the pod
// that did not fit, and DisruptionTarget=True on a pod it preempts.
#ifndef EKSLITE_SCHEDULER_POD_CONDITIONS_H_
#define EKSLITE_SCHEDULER_POD_CONDITIONS_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::scheduler {

// Upstream's condition reasons.
inline constexpr std::string_view kReasonUnschedulableCondition = "Unschedulable";
inline constexpr std::string_view kReasonSchedulerError = "SchedulerError";

// Sets PodScheduled=False with `reason` and `message` (and, when given,
// status.nominatedNodeName) through pods/status, unless `pod` already
// says exactly that. kNotFound when the pod is gone.
Status SetPodScheduledFalse(const client::DynamicClient& client, const JsonValue& pod,
                            std::string_view reason, std::string_view message,
                            const std::optional<std::string>& nominated_node, const Clock& clock);

// Marks a victim with DisruptionTarget=True (reason PreemptionByScheduler)
// before it is deleted.
Status SetDisruptionTarget(const client::DynamicClient& client, const JsonValue& pod,
                           std::string_view scheduler_name, const Clock& clock);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_POD_CONDITIONS_H_

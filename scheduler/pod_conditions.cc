#include "scheduler/pod_conditions.h"

#include "core/api/conditions.h"
#include "core/client/pod_condition_patch.h"

namespace ekslite::scheduler {

Status SetPodScheduledFalse(const client::DynamicClient& client, const JsonValue& pod,
                            std::string_view reason, std::string_view message,
                            const std::optional<std::string>& nominated_node, const Clock& clock) {
  const JsonValue* old = api::FindCondition(pod, "PodScheduled");
  const bool same = old != nullptr && StringAt(*old, "status") == "False" &&
                    StringAt(*old, "reason") == reason && StringAt(*old, "message") == message;
  const bool same_nominated =
      !nominated_node || StringAt(pod, "status.nominatedNodeName") == *nominated_node;
  if (same && same_nominated) return Status::Ok();
  return client::PatchPodCondition(client, pod, {"PodScheduled", "False", reason, message},
                                   clock.Now(), nominated_node);
}

Status SetDisruptionTarget(const client::DynamicClient& client, const JsonValue& pod,
                           std::string_view scheduler_name, const Clock& clock) {
  std::string message =
      std::string(scheduler_name) + ": preempting to accommodate a higher priority pod";
  return client::PatchPodCondition(
      client, pod, {api::kDisruptionTarget, "True", api::kPreemptionByScheduler, message},
      clock.Now());
}

}  // namespace ekslite::scheduler

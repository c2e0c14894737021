#include "scheduler/pod_conditions.h"

namespace ekslite::scheduler {
namespace {

const JsonValue* FindCondition(const JsonValue& pod, std::string_view type) {
  const JsonValue* conditions = Path(pod, "status.conditions");
  if (conditions == nullptr || !conditions->IsArray()) return nullptr;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == type) return &c;
  }
  return nullptr;
}

// A strategic merge patch of one condition (merged by type) and, when
// given, status.nominatedNodeName.
Status PatchCondition(const client::DynamicClient& client, const JsonValue& pod,
                      std::string_view type, std::string_view status, std::string_view reason,
                      std::string_view message, const std::optional<std::string>& nominated,
                      const Clock& clock) {
  Json patch(rapidjson::kObjectType);
  auto& a = patch.GetAllocator();
  JsonValue& st = EnsureObject(patch, "status", a);
  JsonValue cond(rapidjson::kObjectType);
  SetString(cond, "type", type, a);
  SetString(cond, "status", status, a);
  SetString(cond, "reason", reason, a);
  SetString(cond, "message", message, a);
  const JsonValue* old = FindCondition(pod, type);
  // The transition time moves only when the status does.
  std::string transition = old != nullptr && StringAt(*old, "status") == status
                               ? std::string(StringAt(*old, "lastTransitionTime"))
                               : FormatRfc3339(clock.Now());
  if (!transition.empty()) SetString(cond, "lastTransitionTime", transition, a);
  SetMember(cond, "lastProbeTime", JsonValue(rapidjson::kNullType), a);
  JsonValue list(rapidjson::kArrayType);
  list.PushBack(cond, a);
  SetMember(st, "conditions", std::move(list), a);
  if (nominated) SetString(st, "nominatedNodeName", *nominated, a);
  return client.Resource(client::resources::kPods, std::string(StringAt(pod, "metadata.namespace")))
      .Patch(StringAt(pod, "metadata.name"), client::PatchType::kStrategicMerge,
             ToJsonString(patch), {}, "status")
      .status();
}

}  // namespace

Status SetPodScheduledFalse(const client::DynamicClient& client, const JsonValue& pod,
                            std::string_view reason, std::string_view message,
                            const std::optional<std::string>& nominated_node, const Clock& clock) {
  const JsonValue* old = FindCondition(pod, "PodScheduled");
  const bool same = old != nullptr && StringAt(*old, "status") == "False" &&
                    StringAt(*old, "reason") == reason && StringAt(*old, "message") == message;
  const bool same_nominated =
      !nominated_node || StringAt(pod, "status.nominatedNodeName") == *nominated_node;
  if (same && same_nominated) return Status::Ok();
  return PatchCondition(client, pod, "PodScheduled", "False", reason, message, nominated_node,
                        clock);
}

Status SetDisruptionTarget(const client::DynamicClient& client, const JsonValue& pod,
                           std::string_view scheduler_name, const Clock& clock) {
  return PatchCondition(
      client, pod, "DisruptionTarget", "True", "PreemptionByScheduler",
      std::string(scheduler_name) + ": preempting to accommodate a higher priority pod",
      std::nullopt, clock);
}

}  // namespace ekslite::scheduler

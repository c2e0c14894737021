#include "core/client/pod_condition_patch.h"

#include "core/client/resource.h"

namespace ekslite::client {

Status PatchPodCondition(const DynamicClient& client, const JsonValue& pod,
                         const api::PodCondition& condition, Clock::time_point now,
                         const std::optional<std::string>& nominated_node) {
  Json patch(rapidjson::kObjectType);
  JsonAllocator& a = patch.GetAllocator();
  JsonValue& status = EnsureObject(patch, "status", a);
  JsonValue list(rapidjson::kArrayType);
  list.PushBack(api::PodConditionJson(pod, condition, now, a), a);
  SetMember(status, "conditions", std::move(list), a);
  if (nominated_node) SetString(status, "nominatedNodeName", *nominated_node, a);
  return client.Resource(resources::kPods, std::string(StringAt(pod, "metadata.namespace")))
      .Patch(StringAt(pod, "metadata.name"), PatchType::kStrategicMerge, ToJsonString(patch), {},
             "status")
      .status();
}

}  // namespace ekslite::client

#include "core/api/conditions.h"

#include <string>

namespace ekslite::api {

const JsonValue* FindCondition(const JsonValue& object, std::string_view type) {
  const JsonValue* conditions = Path(object, "status.conditions");
  if (conditions == nullptr || !conditions->IsArray()) return nullptr;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == type) return &c;
  }
  return nullptr;
}

JsonValue PodConditionJson(const JsonValue& pod, const PodCondition& condition,
                           Clock::time_point now, JsonAllocator& a) {
  JsonValue c(rapidjson::kObjectType);
  SetString(c, "type", condition.type, a);
  SetString(c, "status", condition.status, a);
  if (!condition.reason.empty()) SetString(c, "reason", condition.reason, a);
  if (!condition.message.empty()) SetString(c, "message", condition.message, a);
  SetMember(c, "lastProbeTime", JsonValue(rapidjson::kNullType), a);
  const JsonValue* old = FindCondition(pod, condition.type);
  std::string transition = old != nullptr && StringAt(*old, "status") == condition.status
                               ? std::string(StringAt(*old, "lastTransitionTime"))
                               : FormatRfc3339(now);
  if (!transition.empty()) SetString(c, "lastTransitionTime", transition, a);
  return c;
}

bool SetPodCondition(Json& pod, const PodCondition& condition, Clock::time_point now) {
  const JsonValue* old = FindCondition(pod, condition.type);
  if (old != nullptr && StringAt(*old, "status") == condition.status &&
      StringAt(*old, "reason") == condition.reason &&
      StringAt(*old, "message") == condition.message) {
    return false;
  }
  JsonAllocator& a = pod.GetAllocator();
  JsonValue fresh = PodConditionJson(pod, condition, now, a);
  JsonValue& status = EnsureObject(pod, "status", a);
  JsonValue* list = Member(status, "conditions");
  if (list == nullptr || !list->IsArray()) {
    SetMember(status, "conditions", JsonValue(rapidjson::kArrayType), a);
    list = Member(status, "conditions");
  }
  for (JsonValue& c : list->GetArray()) {
    if (StringAt(c, "type") == condition.type) {
      c = std::move(fresh);
      return true;
    }
  }
  list->PushBack(std::move(fresh), a);
  return true;
}

}  // namespace ekslite::api

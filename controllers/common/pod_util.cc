#include "controllers/common/pod_util.h"

namespace ekslite::controllers {

std::string_view ConditionStatus(const JsonValue& object, std::string_view type) {
  const JsonValue* condition = FindCondition(object, type);
  return condition == nullptr ? std::string_view() : StringAt(*condition, "status");
}

bool IsPodReady(const JsonValue& pod) { return ConditionStatus(pod, "Ready") == "True"; }

std::optional<Clock::time_point> PodReadySince(const JsonValue& pod) {
  const JsonValue* condition = FindCondition(pod, "Ready");
  if (condition == nullptr || StringAt(*condition, "status") != "True") return std::nullopt;
  Clock::time_point t;
  if (!ParseRfc3339(StringAt(*condition, "lastTransitionTime"), &t)) return std::nullopt;
  return t;
}

bool IsPodAvailable(const JsonValue& pod, int64_t min_ready_seconds, Clock::time_point now) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  std::optional<Clock::time_point> since = PodReadySince(pod);
  if (!since.has_value()) return true;
  return *since + std::chrono::seconds(min_ready_seconds) < now;
}

bool IsBeingDeleted(const JsonValue& object) {
  return !StringAt(object, "metadata.deletionTimestamp").empty();
}

bool IsPodActive(const JsonValue& pod) {
  std::string_view phase = StringAt(pod, "status.phase");
  return phase != "Succeeded" && phase != "Failed" && !IsBeingDeleted(pod);
}

Clock::time_point CreationTime(const JsonValue& object) {
  Clock::time_point t{};
  ParseRfc3339(StringAt(object, "metadata.creationTimestamp"), &t);
  return t;
}

int64_t PodRestartCount(const JsonValue& pod) {
  int64_t total = 0;
  for (const char* list : {"status.initContainerStatuses", "status.containerStatuses"}) {
    const JsonValue* statuses = Path(pod, list);
    if (statuses == nullptr || !statuses->IsArray()) continue;
    for (const JsonValue& s : statuses->GetArray()) total += IntAt(s, "restartCount").value_or(0);
  }
  return total;
}

}  // namespace ekslite::controllers

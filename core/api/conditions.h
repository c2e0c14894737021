// Conditions in an object's status.conditions: finding one by type, and a
// pod condition as the API stores it ({type, status, reason, message,
// lastProbeTime, lastTransitionTime}) with the rule for its transition time:
// it moves only when the condition's status does.
#ifndef EKSLITE_CORE_API_CONDITIONS_H_
#define EKSLITE_CORE_API_CONDITIONS_H_

#include <string_view>

#include "core/clock.h"
#include "core/json.h"

namespace ekslite::api {

struct PodCondition {
  std::string_view type, status, reason, message;
};

// Upstream's DisruptionTarget reasons: set on a pod just before something
// other than its owner deletes it.
inline constexpr std::string_view kDisruptionTarget = "DisruptionTarget";
inline constexpr std::string_view kEvictionByEvictionApi = "EvictionByEvictionAPI";
inline constexpr std::string_view kDeletionByTaintManager = "DeletionByTaintManager";
inline constexpr std::string_view kPreemptionByScheduler = "PreemptionByScheduler";

// The condition of `type` in `object`'s status.conditions, or nullptr.
const JsonValue* FindCondition(const JsonValue& object, std::string_view type);
// The answer would point into a temporary document.
const JsonValue* FindCondition(Json&& object, std::string_view type) = delete;

// `condition` as a JSON object for `pod`: lastTransitionTime is the pod's
// own condition's when the status is unchanged, else `now`.
JsonValue PodConditionJson(const JsonValue& pod, const PodCondition& condition,
                           Clock::time_point now, JsonAllocator& a);

// Puts `condition` into `pod`'s status.conditions in place of the one of its
// type. False (and nothing changed) when the pod already had it with the same
// status, reason and message.
bool SetPodCondition(Json& pod, const PodCondition& condition, Clock::time_point now);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_CONDITIONS_H_

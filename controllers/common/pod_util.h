// Pod state as controllers judge it: ready (the Ready condition is True),
// available (ready for at least minReadySeconds), active (neither finished
// nor being deleted).
#ifndef EKSLITE_CONTROLLERS_COMMON_POD_UTIL_H_
#define EKSLITE_CONTROLLERS_COMMON_POD_UTIL_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/api/conditions.h"
#include "core/clock.h"
#include "core/json.h"

namespace ekslite::controllers {

// The status of condition `type` in status.conditions ("True", "False",
// "Unknown"), or "" when absent.
std::string_view ConditionStatus(const JsonValue& object, std::string_view type);
using api::FindCondition;

// True when the pod's Ready condition is True.
bool IsPodReady(const JsonValue& pod);
// When the Ready condition last became True (nullopt when not ready or the
// time is missing).
std::optional<Clock::time_point> PodReadySince(const JsonValue& pod);
// Ready, and ready for at least `min_ready_seconds` as of `now` (with 0 any
// ready pod is available; a ready pod without a transition time counts as
// available, as upstream does).
bool IsPodAvailable(const JsonValue& pod, int64_t min_ready_seconds, Clock::time_point now);
// Not Succeeded, not Failed, and without a deletionTimestamp.
bool IsPodActive(const JsonValue& pod);
// Has a deletionTimestamp.
bool IsBeingDeleted(const JsonValue& object);
// The metadata.creationTimestamp (epoch when absent).
Clock::time_point CreationTime(const JsonValue& object);
// Sum of the restart counts of the pod's containers, init containers too.
int64_t PodRestartCount(const JsonValue& pod);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_COMMON_POD_UTIL_H_

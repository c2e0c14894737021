// Writes one pod condition through pods/status with a strategic merge patch
// (conditions merge by type, so the pod's other conditions stay).
#ifndef EKSLITE_CORE_CLIENT_POD_CONDITION_PATCH_H_
#define EKSLITE_CORE_CLIENT_POD_CONDITION_PATCH_H_

#include <optional>
#include <string>

#include "core/api/conditions.h"
#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::client {

// Patches `condition` onto `pod` (and status.nominatedNodeName, when given).
// kNotFound when the pod is gone.
Status PatchPodCondition(const DynamicClient& client, const JsonValue& pod,
                         const api::PodCondition& condition, Clock::time_point now,
                         const std::optional<std::string>& nominated_node = std::nullopt);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_POD_CONDITION_PATCH_H_

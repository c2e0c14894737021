// Deployment status: the counts summed over a deployment's ReplicaSets, the
// Available condition, and the Progressing condition's rules (complete,
// progressing, timed out) with upstream's reasons and messages.
#ifndef EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_STATUS_H_
#define EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_STATUS_H_

#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace ekslite::controllers::deployment {

// Progressing reasons.
inline constexpr std::string_view kNewRSAvailableReason = "NewReplicaSetAvailable";
inline constexpr std::string_view kRSUpdatedReason = "ReplicaSetUpdated";
inline constexpr std::string_view kNewRSCreatedReason = "NewReplicaSetCreated";
inline constexpr std::string_view kFoundNewRSReason = "FoundNewReplicaSet";
inline constexpr std::string_view kTimedOutReason = "ProgressDeadlineExceeded";
inline constexpr std::string_view kPausedReason = "DeploymentPaused";
inline constexpr std::string_view kResumedReason = "DeploymentResumed";
inline constexpr std::string_view kFailedRSCreateReason = "ReplicaSetCreateError";

// Returns the condition `type` of a status object (its "conditions" array),
// or nullptr.
const JsonValue* StatusCondition(const JsonValue& status, std::string_view type);
// Sets condition `type` in `status` unless one with the same status and
// reason is there; keeps lastTransitionTime when the status is unchanged.
void SetStatusCondition(Json& status, std::string_view type, std::string_view cond_status,
                        std::string_view reason, std::string_view message, Clock::time_point now);
void RemoveStatusCondition(Json& status, std::string_view type);

// The deployment's status computed from its ReplicaSets (`new_rs` may be
// null), keeping its conditions, with the Available condition refreshed.
Json CalculateDeploymentStatus(const JsonValue& d, const std::vector<const JsonValue*>& all,
                               const JsonValue* new_rs, Clock::time_point now);

// Every replica is updated and available, and the spec was observed.
bool DeploymentComplete(const JsonValue& d, const JsonValue& status);
// The new status shows progress over the deployment's current one.
bool DeploymentProgressing(const JsonValue& d, const JsonValue& status);
// The Progressing condition's last update is older than the deadline.
bool DeploymentTimedOut(const JsonValue& d, const JsonValue& status, Clock::time_point now);
bool HasProgressDeadline(const JsonValue& d);

// Fills the Progressing and ReplicaFailure conditions of `status` as a
// rollout sync does.
void UpdateProgressingCondition(const JsonValue& d, const std::vector<const JsonValue*>& all,
                                const JsonValue* new_rs, Clock::time_point now, Json& status);

}  // namespace ekslite::controllers::deployment

#endif  // EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_STATUS_H_

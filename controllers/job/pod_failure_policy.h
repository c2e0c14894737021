// A Job's spec.podFailurePolicy: the first rule matching a failed pod, by
// the exit codes of its containers or by its conditions, decides what the
// failure means: FailJob (the Job fails at once), Ignore (not counted against
// backoffLimit, nor in status.failed), Count (the default: counted),
// FailIndex (with backoffLimitPerIndex: the pod's index fails at once).
#ifndef EKSLITE_CONTROLLERS_JOB_POD_FAILURE_POLICY_H_
#define EKSLITE_CONTROLLERS_JOB_POD_FAILURE_POLICY_H_

#include <optional>
#include <string>

#include "core/json.h"

namespace ekslite::controllers::job {

enum class FailureAction { kCount, kFailJob, kIgnore, kFailIndex };

struct FailureVerdict {
  FailureAction action = FailureAction::kCount;
  // For FailJob: the Job's failure message, as upstream words it, e.g.
  // "Container main for pod ns/p-x failed with exit code 42 matching FailJob
  // rule at index 0".
  std::string message;
};

// What the Job's policy makes of failed `pod`; Count when it has no policy
// or no rule matches.
FailureVerdict JudgeFailedPod(const JsonValue& job, const JsonValue& pod);

}  // namespace ekslite::controllers::job

#endif  // EKSLITE_CONTROLLERS_JOB_POD_FAILURE_POLICY_H_

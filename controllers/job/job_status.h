// The pure parts of the Job controller: reading and writing Job conditions,
// the completed-index sets of Indexed Jobs ("0-2,5"), and what a Job's spec
// asks for. No I/O; unit-tested on their own.
#ifndef EKSLITE_CONTROLLERS_JOB_JOB_STATUS_H_
#define EKSLITE_CONTROLLERS_JOB_JOB_STATUS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"

namespace ekslite::controllers::job {

inline constexpr std::string_view kTrackingFinalizer = "batch.kubernetes.io/job-tracking";
inline constexpr std::string_view kCompletionIndexAnnotation =
    "batch.kubernetes.io/job-completion-index";
// On a pod of an index: how many earlier pods of that index failed.
inline constexpr std::string_view kIndexFailureCountAnnotation =
    "batch.kubernetes.io/job-index-failure-count";

// Why a running Job must fail: the reason and message of its FailureTarget
// and Failed conditions.
struct JobFailure {
  std::string reason, message;
};

// True when the Job has a True condition of `type`.
bool HasTrueCondition(const JsonValue& job, std::string_view type);
// True when the Job finished: a True Complete or Failed condition.
bool IsJobFinished(const JsonValue& job);
// When the Job finished (the Complete/Failed condition's transition time).
std::optional<Clock::time_point> JobFinishTime(const JsonValue& job);

// Sets condition `type` in status.conditions of `job` to status "True" with
// `reason` and `message`; an existing condition of the type is updated and
// keeps its transition time unless its status changes. Returns true when
// something changed.
bool SetJobCondition(Json& job, std::string_view type, std::string_view status,
                     std::string_view reason, std::string_view message, Clock::time_point now);

// "1,3-5,7" <-> {1,3,4,5,7}. Unparsable pieces are skipped.
std::set<int64_t> ParseIndexes(std::string_view text);
std::string FormatIndexes(const std::set<int64_t>& indexes);

// The completion index of an Indexed Job's pod (annotation, else label).
std::optional<int64_t> PodCompletionIndex(const JsonValue& pod);

// spec.parallelism (default 1), spec.completions (nullopt: unset),
// spec.backoffLimit (default 6).
int64_t Parallelism(const JsonValue& job);
std::optional<int64_t> Completions(const JsonValue& job);
int64_t BackoffLimit(const JsonValue& job);
bool IsIndexed(const JsonValue& job);
// spec.backoffLimitPerIndex and spec.maxFailedIndexes of an Indexed Job
// (nullopt: unset, and always for other Jobs).
std::optional<int64_t> BackoffLimitPerIndex(const JsonValue& job);
std::optional<int64_t> MaxFailedIndexes(const JsonValue& job);
bool IsSuspended(const JsonValue& job);

}  // namespace ekslite::controllers::job

#endif  // EKSLITE_CONTROLLERS_JOB_JOB_STATUS_H_

// Building and finishing a Job's pods: the pod made from the Job's template
// (labels, completion index, owner reference, tracking finalizer) and the
// patch that removes a finalizer.
#ifndef EKSLITE_CONTROLLERS_JOB_JOB_PODS_H_
#define EKSLITE_CONTROLLERS_JOB_JOB_PODS_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

namespace ekslite::controllers::job {

// A new pod for `job` from spec.template: generateName "<job>-" (Indexed:
// "<job>-<index>-", with the completion-index annotation and label and
// hostname "<job>-<index>"), the template's labels and annotations, the Job
// as controller and the job-tracking finalizer.
// With backoffLimitPerIndex it also carries `index_failures`, the failures
// of its index so far, in the job-index-failure-count annotation.
Json PodForJob(const JsonValue& job, std::optional<int64_t> index, int64_t index_failures = 0);

// True when metadata.finalizers of `object` holds `finalizer`.
bool HasFinalizer(const JsonValue& object, std::string_view finalizer);

// A JSON patch removing `finalizer` from `object`'s finalizers; it tests the
// current list first, so a concurrent change makes it fail (kInvalid/kConflict)
// rather than drop someone else's finalizer.
std::string RemoveFinalizerPatch(const JsonValue& object, std::string_view finalizer);

}  // namespace ekslite::controllers::job

#endif  // EKSLITE_CONTROLLERS_JOB_JOB_PODS_H_

// PodCensus: a Job's pods sorted by what the controller does with them, and
// the counts they add to its status. Finished pods are counted once: a pod
// keeps the batch.kubernetes.io/job-tracking finalizer until its outcome is
// in status, and status.uncountedTerminatedPods holds the uids counted whose
// finalizer is not yet removed.
#ifndef EKSLITE_CONTROLLERS_JOB_POD_CENSUS_H_
#define EKSLITE_CONTROLLERS_JOB_POD_CENSUS_H_

#include <cstdint>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/client/object.h"
#include "core/json.h"

namespace ekslite::controllers::job {

struct PodCensus {
  std::vector<client::ObjectPtr> pods;         // all of the Job's pods
  std::vector<client::ObjectPtr> active;       // running or pending
  std::vector<client::ObjectPtr> terminating;  // being deleted, not finished
  std::vector<client::ObjectPtr> counted;      // counted, still finalized: release them
  int64_t ready = 0;
  // The Job's totals with this sync's finished pods added.
  int64_t succeeded = 0, failed = 0;
  std::set<std::string> uncounted_succeeded, uncounted_failed;
  std::set<int64_t> completed_indexes;  // Indexed Jobs
  // With backoffLimitPerIndex: the indexes that failed for good, and for
  // each index how many of its pods failed so far (counted failures).
  std::set<int64_t> failed_indexes;
  std::map<int64_t, int64_t> index_failures;
  // A failed pod matched a FailJob rule of the pod failure policy: the
  // Job's failure message.
  std::optional<std::string> policy_failure;
};

// Counts `pods` (the Job's own) on top of the Job's status. Pods deleted
// before they finished count as failed; failed pods as the Job's pod failure
// policy says (pod_failure_policy.h).
PodCensus TakeCensus(const JsonValue& job, const std::vector<client::ObjectPtr>& pods);

// Writes active (less `deleting` pods about to go), ready, succeeded,
// failed, terminating, uncountedTerminatedPods, completedIndexes and (with
// backoffLimitPerIndex) failedIndexes into `status`.
void WriteCensus(const JsonValue& job, const PodCensus& census, size_t deleting, JsonValue& status,
                 JsonAllocator& a);

}  // namespace ekslite::controllers::job

#endif  // EKSLITE_CONTROLLERS_JOB_POD_CENSUS_H_

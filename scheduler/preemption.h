// Preemption (upstream's DefaultPreemption PostFilter): when a pod fits no
// node, find a node where evicting lower-priority pods would make it fit,
// with as little harm as possible, and name those victims.
//
// For each node that failed only for reasons removing pods can fix, every
// lower-priority pod is removed in simulation; if the pod then fits, victims
// are given back ("reprieved"), highest priority first, while it still
// fits, those whose eviction would violate a PodDisruptionBudget first
// (disruption_budgets.h). Among candidate nodes the pick is: fewest budget
// violations, then lowest highest-victim priority, then smallest sum of
// victim priorities, then fewest victims, then the latest start of the
// highest-priority victims.
#ifndef EKSLITE_SCHEDULER_PREEMPTION_H_
#define EKSLITE_SCHEDULER_PREEMPTION_H_

#include <string>
#include <vector>

#include "scheduler/cache.h"
#include "scheduler/disruption_budgets.h"
#include "scheduler/profile.h"

namespace ekslite::scheduler {

inline constexpr std::string_view kNoVictims = "No preemption victims found for incoming pod";
inline constexpr std::string_view kPreemptionNotHelpful =
    "Preemption is not helpful for scheduling";

struct PreemptionResult {
  std::string node;  // "" when preemption cannot help
  std::vector<PodInfoPtr> victims;
  // Without a node: why, as the FailedScheduling message's tail
  // ("preemption: 0/3 nodes are available: ...", no final period).
  std::string message;
  // Whether an earlier nomination should be cleared (no node helps now);
  // false while victims chosen earlier are still terminating.
  bool clear_nomination = true;
};

// Runs preemption for `pod`, which `result` (its failed attempt) placed
// nowhere, weighing `budgets`. The caller holds the cache's lock; nothing is
// changed.
PreemptionResult Preempt(const Profile& profile, const PodInfo& pod, const ScheduleResult& result,
                         const SchedulerCache& cache,
                         const std::vector<DisruptionBudget>& budgets = {});

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_PREEMPTION_H_

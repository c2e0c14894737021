// The PodDisruptionBudgets preemption weighs (upstream's DefaultPreemption):
// choosing a pod as a victim spends one of the disruptionsAllowed of every
// budget in its namespace that selects it (a pod already in a budget's
// disruptedPods spends nothing); a victim that takes a budget below zero
// violates it. Violations are avoided, not forbidden: the victims that
// violate a budget are reprieved first, and nodes with fewer violations are
// preferred.
#ifndef EKSLITE_SCHEDULER_DISRUPTION_BUDGETS_H_
#define EKSLITE_SCHEDULER_DISRUPTION_BUDGETS_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/api/label_selector.h"
#include "core/client/object.h"
#include "scheduler/pod_info.h"

namespace ekslite::scheduler {

struct DisruptionBudget {
  std::string ns;
  api::LabelSelector selector;  // an empty selector selects no pod here, as upstream's preemption reads it
  int64_t allowed = 0;          // status.disruptionsAllowed
  std::set<std::string> disrupted;  // status.disruptedPods: names already spent for
};

// The budgets among `objects` (policy/v1 PodDisruptionBudgets); those with
// unparsable selectors are left out.
std::vector<DisruptionBudget> BudgetsFromObjects(const std::vector<client::ObjectPtr>& objects);

// Splits `pods`, taken in order, into those whose eviction would take a
// budget below zero and the rest; both keep the order.
void SplitByBudgets(const std::vector<PodInfoPtr>& pods, std::vector<DisruptionBudget> budgets,
                    std::vector<PodInfoPtr>* violating, std::vector<PodInfoPtr>* non_violating);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_DISRUPTION_BUDGETS_H_

// FitError: why a pod fits no node, in the words of upstream's FailedScheduling
// message:
//   "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated
//    taint {a: b}. preemption: 0/5 nodes are available: 5 Preemption is not
//    helpful for scheduling."
// Each node contributes each of its reasons once; "<count> <reason>" strings
// are sorted as plain strings (so "10 x" comes before "2 y").
#ifndef EKSLITE_SCHEDULER_FIT_ERROR_H_
#define EKSLITE_SCHEDULER_FIT_ERROR_H_

#include <map>
#include <string>

#include "scheduler/framework.h"

namespace ekslite::scheduler {

struct Diagnosis {
  // The failing filter of each node that was evaluated.
  std::map<std::string, FilterResult> node_status;
  // Set when a PreFilter rejected the pod for every node.
  std::string prefilter_message;
  // What preemption said ("preemption: 0/5 nodes are available: ...").
  std::string postfilter_message;
};

// "<n> <reason>, <m> <reason2>" over `statuses`, sorted as strings.
std::string ReasonHistogram(const std::map<std::string, FilterResult>& statuses);
std::string ReasonHistogram(const std::map<std::string, int>& counts);

// The whole message for a pod that fits none of `num_all_nodes` nodes.
std::string FitErrorMessage(int num_all_nodes, const Diagnosis& diagnosis);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_FIT_ERROR_H_

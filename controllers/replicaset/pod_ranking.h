// Which pods a ReplicaSet deletes first when it scales down: upstream's
// ActivePodsWithRanks ordering. The first rule on which two pods differ
// decides:
//   1. not yet scheduled before scheduled;
//   2. phase Pending before Unknown before Running;
//   3. not ready before ready;
//   4. lower controller.kubernetes.io/pod-deletion-cost first;
//   5. higher rank (more related pods on the same node) first;
//   6. both ready: ready for a shorter time first, compared in powers of two
//      of the time since (equal buckets: lower uid first);
//   7. more container restarts first;
//   8. newer first, bucketed the same way.
#ifndef EKSLITE_CONTROLLERS_REPLICASET_POD_RANKING_H_
#define EKSLITE_CONTROLLERS_REPLICASET_POD_RANKING_H_

#include <string>
#include <vector>

#include "core/client/object.h"
#include "core/clock.h"

namespace ekslite::controllers {

inline constexpr const char* kPodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

struct RankedPod {
  client::ObjectPtr pod;
  int rank = 0;  // related active pods on the same node
};

// True when `a` should be deleted before `b`, as of `now`.
bool DeleteBefore(const RankedPod& a, const RankedPod& b, Clock::time_point now);

// Ranks each of `pods` by how many of `related` (active pods of the same
// owner family, `pods` included) share its node, and returns the first
// `count` in deletion order.
std::vector<client::ObjectPtr> PodsToDelete(const std::vector<client::ObjectPtr>& pods,
                                            const std::vector<client::ObjectPtr>& related,
                                            size_t count, Clock::time_point now);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_REPLICASET_POD_RANKING_H_

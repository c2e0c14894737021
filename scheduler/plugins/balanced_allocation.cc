#include <cmath>

#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {

bool BalancedAllocation::PreScore(CycleState&, const PodInfo& pod,
                                  const std::vector<const NodeInfo*>&, const ClusterView&) {
  // Best-effort pods are not scored, so they do not all land on one node.
  return pod.requests.milli_cpu != 0 || pod.requests.memory != 0;
}

int64_t BalancedAllocation::Score(const CycleState&, const PodInfo& pod,
                                  const NodeInfo& node) const {
  const Resource& alloc = node.allocatable();
  double fractions[2];
  int n = 0;
  auto add = [&](int64_t requested, int64_t capacity) {
    if (capacity == 0) return;
    double f = static_cast<double>(requested) / static_cast<double>(capacity);
    fractions[n++] = f > 1 ? 1 : f;
  };
  add(node.requested().milli_cpu + pod.requests.milli_cpu, alloc.milli_cpu);
  add(node.requested().memory + pod.requests.memory, alloc.memory);
  // With two resources the standard deviation is half their difference.
  double stddev = n == 2 ? std::abs(fractions[0] - fractions[1]) / 2 : 0;
  return static_cast<int64_t>((1 - stddev) * static_cast<double>(kMaxNodeScore));
}

}  // namespace ekslite::scheduler

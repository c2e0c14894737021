#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {
namespace {

// One resource's LeastAllocated score: the free share after placing the pod.
int64_t LeastAllocated(int64_t requested, int64_t capacity) {
  if (capacity == 0 || requested > capacity) return 0;
  return (capacity - requested) * kMaxNodeScore / capacity;
}

// One resource's MostAllocated score: the used share (capped at full).
int64_t MostAllocated(int64_t requested, int64_t capacity) {
  if (capacity == 0) return 0;
  if (requested > capacity) requested = capacity;
  return requested * kMaxNodeScore / capacity;
}

}  // namespace

FilterResult NodeResourcesFit::Filter(const CycleState&, const PodInfo& pod,
                                      const NodeInfo& node) const {
  FilterResult result;
  const Resource& alloc = node.allocatable();
  const Resource& used = node.requested();
  if (static_cast<int64_t>(node.pods().size()) + 1 > alloc.pods) {
    result.reasons.emplace_back(kReasonTooManyPods);
  }
  const Resource& req = pod.requests;
  if (req.milli_cpu > 0 && req.milli_cpu > alloc.milli_cpu - used.milli_cpu) {
    result.reasons.emplace_back("Insufficient cpu");
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    result.reasons.emplace_back("Insufficient memory");
  }
  if (req.ephemeral_storage > 0 &&
      req.ephemeral_storage > alloc.ephemeral_storage - used.ephemeral_storage) {
    result.reasons.emplace_back("Insufficient ephemeral-storage");
  }
  for (const auto& [name, value] : req.scalar) {
    if (value > 0 && value > alloc.Scalar(name) - used.Scalar(name)) {
      result.reasons.push_back("Insufficient " + name);
    }
  }
  if (!result.reasons.empty()) result.code = FilterCode::kUnschedulable;
  return result;
}

int64_t NodeResourcesFit::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  // Scoring counts unset requests at their defaults, so best-effort pods
  // spread rather than pile up.
  const int64_t cpu = node.non_zero_milli_cpu() + pod.non_zero_milli_cpu;
  const int64_t memory = node.non_zero_memory() + pod.non_zero_memory;
  const Resource& alloc = node.allocatable();
  auto score = strategy_ == ScoringStrategy::kLeastAllocated ? LeastAllocated : MostAllocated;
  // cpu and memory, weight 1 each.
  return (score(cpu, alloc.milli_cpu) + score(memory, alloc.memory)) / 2;
}

}  // namespace ekslite::scheduler

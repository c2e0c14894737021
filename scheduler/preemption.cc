#include "scheduler/preemption.h"

#include <algorithm>
#include <limits>

namespace ekslite::scheduler {
namespace {

struct Candidate {
  std::string node;
  std::vector<PodInfoPtr> victims;  // highest priority first
  int violations = 0;               // victims that violate a disruption budget
};

bool HigherFirst(const PodInfoPtr& a, const PodInfoPtr& b) {
  if (a->priority != b->priority) return a->priority > b->priority;
  return a->start_time < b->start_time;
}

// Finds the fewest victims on `node` that let `pod` fit, or the reason
// there are none.
std::optional<Candidate> SelectVictims(const Profile& profile, const PodInfo& pod,
                                       const CycleState& base, const NodeInfo& node,
                                       const ClusterView& view,
                                       const std::vector<DisruptionBudget>& budgets,
                                       FilterResult* why) {
  std::vector<PodInfoPtr> lower;
  for (const PodInfoPtr& p : node.pods()) {
    if (p->priority < pod.priority) lower.push_back(p);
  }
  if (lower.empty()) {
    *why = FilterResult::Unresolvable(std::string(kNoVictims));
    return std::nullopt;
  }
  // Simulate on copies; the cache stays as it is.
  CycleState state = base.Clone();
  NodeInfo copy = node;
  auto remove = [&](const PodInfoPtr& p) {
    copy.RemovePod(p->key);
    for (const FilterPlugin* f : profile.filters()) f->RemovePod(state, pod, *p, copy, view);
  };
  auto add = [&](const PodInfoPtr& p) {
    copy.AddPod(p);
    for (const FilterPlugin* f : profile.filters()) f->AddPod(state, pod, *p, copy, view);
  };
  for (const PodInfoPtr& p : lower) remove(p);
  FilterResult fits = profile.RunFilters(state, pod, copy);
  if (!fits.ok()) {
    *why = std::move(fits);
    return std::nullopt;
  }
  // Give back as many as possible: those whose eviction would violate a
  // budget first, then the rest, each most important first.
  std::sort(lower.begin(), lower.end(), HigherFirst);
  std::vector<PodInfoPtr> violating, non_violating;
  SplitByBudgets(lower, budgets, &violating, &non_violating);
  Candidate c{node.name(), {}};
  auto reprieve = [&](const PodInfoPtr& p) {
    add(p);
    if (profile.RunFilters(state, pod, copy).ok()) return true;
    remove(p);
    c.victims.push_back(p);
    return false;
  };
  for (const PodInfoPtr& p : violating) c.violations += reprieve(p) ? 0 : 1;
  for (const PodInfoPtr& p : non_violating) reprieve(p);
  std::stable_sort(c.victims.begin(), c.victims.end(), HigherFirst);
  if (c.victims.empty()) {
    *why = FilterResult::Unresolvable(std::string(kNoVictims));
    return std::nullopt;
  }
  return c;
}

// Whether `a` is a better candidate than `b` (upstream's ordering).
bool Better(const Candidate& a, const Candidate& b) {
  if (a.violations != b.violations) return a.violations < b.violations;
  const int64_t a_top = a.victims.front()->priority, b_top = b.victims.front()->priority;
  if (a_top != b_top) return a_top < b_top;
  int64_t a_sum = 0, b_sum = 0;
  for (const PodInfoPtr& v : a.victims) a_sum += v->priority;
  for (const PodInfoPtr& v : b.victims) b_sum += v->priority;
  if (a_sum != b_sum) return a_sum < b_sum;
  if (a.victims.size() != b.victims.size()) return a.victims.size() < b.victims.size();
  // The earliest start among the highest-priority victims: later is better
  // (the victims have run for less time).
  auto earliest_top = [](const Candidate& c) {
    Clock::time_point t = Clock::time_point::max();
    for (const PodInfoPtr& v : c.victims) {
      if (v->priority == c.victims.front()->priority) t = std::min(t, v->start_time);
    }
    return t;
  };
  return earliest_top(a) > earliest_top(b);
}

}  // namespace

PreemptionResult Preempt(const Profile& profile, const PodInfo& pod, const ScheduleResult& result,
                         const SchedulerCache& cache, const std::vector<DisruptionBudget>& budgets) {
  PreemptionResult out;
  if (pod.preempt_never) {
    out.message = "preemption: not eligible due to preemptionPolicy=Never";
    return out;
  }
  // While victims chosen earlier still terminate, wait for them rather than
  // choose more.
  if (!pod.nominated_node_name.empty()) {
    if (const NodeInfo* n = cache.Node(pod.nominated_node_name); n != nullptr) {
      for (const PodInfoPtr& p : n->pods()) {
        if (p->deleting && p->priority < pod.priority) {
          out.message = "preemption: not eligible due to a terminating pod on the nominated node";
          out.clear_nomination = false;
          return out;
        }
      }
    }
  }
  std::map<std::string, FilterResult> statuses;
  std::optional<Candidate> best;
  for (const NodeInfo* node : cache.Nodes()) {
    auto status = result.diagnosis.node_status.find(node->name());
    if (status != result.diagnosis.node_status.end() &&
        status->second.code == FilterCode::kUnresolvable) {
      statuses[node->name()] = FilterResult::Unresolvable(std::string(kPreemptionNotHelpful));
      continue;
    }
    FilterResult why;
    std::optional<Candidate> c =
        SelectVictims(profile, pod, result.state, *node, cache, budgets, &why);
    if (!c) {
      statuses[node->name()] = std::move(why);
      continue;
    }
    if (!best || Better(*c, *best)) best = std::move(c);
  }
  if (best) {
    out.node = best->node;
    out.victims = std::move(best->victims);
    return out;
  }
  Diagnosis d;
  d.node_status = std::move(statuses);
  std::string inner = FitErrorMessage(static_cast<int>(cache.Nodes().size()), d);
  if (!inner.empty() && inner.back() == '.') inner.pop_back();
  out.message = "preemption: " + inner;
  return out;
}

}  // namespace ekslite::scheduler

#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {
namespace {

// Pods in `ns` the constraint counts: selected and not on their way out.
int64_t CountMatching(const NodeInfo& node, const SpreadConstraint& c, const std::string& ns) {
  int64_t n = 0;
  for (const PodInfoPtr& p : node.pods()) {
    if (p->ns == ns && !p->deleting && c.selector.Matches(p->labels)) ++n;
  }
  return n;
}

bool HasAllKeys(const NodeInfo& node, const std::vector<SpreadConstraint>& constraints) {
  for (const SpreadConstraint& c : constraints) {
    if (node.labels().count(c.topology_key) == 0) return false;
  }
  return true;
}

// Whether a node counts for the constraint under its node inclusion
// policies (nodeAffinityPolicy Honor, nodeTaintsPolicy Honor).
bool Included(const SpreadConstraint& c, const PodInfo& pod, const NodeInfo& node) {
  if (c.honor_node_affinity && !pod.MatchesNodeSelectorAndAffinity(node.labels(), node.name())) {
    return false;
  }
  if (c.honor_node_taints) {
    for (const Taint& t : node.taints()) {
      if ((t.effect == kNoSchedule || t.effect == kNoExecute) &&
          !ToleratedByAny(pod.tolerations, t)) {
        return false;
      }
    }
  }
  return true;
}

std::vector<SpreadConstraint> Constraints(const PodInfo& pod, bool hard) {
  std::vector<SpreadConstraint> out;
  for (const SpreadConstraint& c : pod.spread_constraints) {
    if (c.do_not_schedule == hard) out.push_back(c);
  }
  return out;
}

// Filter state: matching pods per domain of each hard constraint, and the
// smallest count over domains.
struct SpreadFilterState : PluginState {
  std::vector<SpreadConstraint> constraints;
  std::vector<std::unordered_map<std::string, int64_t>> counts;
  std::vector<int64_t> min_match;

  std::unique_ptr<PluginState> Clone() const override {
    return std::make_unique<SpreadFilterState>(*this);
  }
  void UpdateMin() {
    min_match.assign(constraints.size(), 0);
    for (size_t i = 0; i < constraints.size(); ++i) {
      // Fewer domains than minDomains: the global minimum counts as 0.
      if (static_cast<int64_t>(counts[i].size()) < constraints[i].min_domains) continue;
      int64_t m = std::numeric_limits<int64_t>::max();
      for (const auto& [value, n] : counts[i]) m = std::min(m, n);
      min_match[i] = counts[i].empty() ? 0 : m;
    }
  }
};

struct SpreadScoreState : PluginState {
  std::vector<SpreadConstraint> constraints;
  std::unordered_set<std::string> ignored;  // feasible nodes lacking a key
  std::vector<std::unordered_map<std::string, int64_t>> counts;
  std::vector<double> weights;

  std::unique_ptr<PluginState> Clone() const override {
    return std::make_unique<SpreadScoreState>(*this);
  }
};

constexpr std::string_view kScoreKey = "PodTopologySpread/score";

// Upstream's system default constraints: spread over hosts (maxSkew 3) and
// zones (maxSkew 5), both ScheduleAnyway.
std::vector<SpreadConstraint> SystemDefaultConstraints(const api::LabelSelector& selector) {
  SpreadConstraint host;
  host.max_skew = 3;
  host.topology_key = std::string(kHostnameLabel);
  host.do_not_schedule = false;
  host.selector = selector;
  SpreadConstraint zone = host;
  zone.max_skew = 5;
  zone.topology_key = "topology.kubernetes.io/zone";
  return {host, zone};
}

}  // namespace

FilterResult PodTopologySpread::PreFilter(CycleState& state, const PodInfo& pod,
                                          const ClusterView& view) {
  std::vector<SpreadConstraint> hard = Constraints(pod, true);
  if (hard.empty()) return FilterResult::Ok();
  auto s = std::make_unique<SpreadFilterState>();
  s->counts.resize(hard.size());
  for (const NodeInfo* node : view.Nodes()) {
    if (!node->HasNode() || !HasAllKeys(*node, hard)) continue;
    for (size_t i = 0; i < hard.size(); ++i) {
      if (!Included(hard[i], pod, *node)) continue;
      const std::string& value = node->labels().at(hard[i].topology_key);
      s->counts[i][value] += CountMatching(*node, hard[i], pod.ns);
    }
  }
  s->constraints = std::move(hard);
  s->UpdateMin();
  state.Write(name(), std::move(s));
  return FilterResult::Ok();
}

FilterResult PodTopologySpread::Filter(const CycleState& state, const PodInfo& pod,
                                       const NodeInfo& node) const {
  const auto* s = state.Read<SpreadFilterState>(name());
  if (s == nullptr) return FilterResult::Ok();
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    auto label = node.labels().find(c.topology_key);
    if (label == node.labels().end()) {
      return FilterResult::Unresolvable(std::string(kReasonSpreadMissingLabel));
    }
    const int64_t self = c.selector.Matches(pod.labels) ? 1 : 0;
    auto count = s->counts[i].find(label->second);
    const int64_t match = count == s->counts[i].end() ? 0 : count->second;
    if (match + self - s->min_match[i] > c.max_skew) {
      return FilterResult::Unschedulable(std::string(kReasonSpread));
    }
  }
  return FilterResult::Ok();
}

void PodTopologySpread::Update(CycleState& state, const PodInfo& pod, const PodInfo& other,
                               const NodeInfo& node, int delta) const {
  auto* s = state.Read<SpreadFilterState>(name());
  if (s == nullptr || other.ns != pod.ns || !HasAllKeys(node, s->constraints)) return;
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    if (!Included(c, pod, node) || !c.selector.Matches(other.labels)) continue;
    s->counts[i][node.labels().at(c.topology_key)] += delta;
  }
  s->UpdateMin();
}

void PodTopologySpread::RemovePod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                                  const NodeInfo& node, const ClusterView&) const {
  Update(state, pod, other, node, -1);
}

void PodTopologySpread::AddPod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                               const NodeInfo& node, const ClusterView&) const {
  Update(state, pod, other, node, +1);
}

bool PodTopologySpread::PreScore(CycleState& state, const PodInfo& pod,
                                 const std::vector<const NodeInfo*>& nodes,
                                 const ClusterView& view) {
  std::vector<SpreadConstraint> soft = Constraints(pod, false);
  // Without constraints of its own, a pod of a Service or workload spreads
  // by the system defaults; nodes then need not have every key.
  const bool defaulted = pod.spread_constraints.empty();
  if (defaulted) {
    const auto* d = state.Read<DefaultSpreadSelector>(DefaultSpreadSelector::kKey);
    if (d == nullptr) return false;
    soft = SystemDefaultConstraints(d->selector);
  }
  if (soft.empty()) return false;
  auto s = std::make_unique<SpreadScoreState>();
  s->counts.resize(soft.size());
  std::vector<int64_t> sizes(soft.size(), 0);
  for (const NodeInfo* node : nodes) {
    if (!defaulted && !HasAllKeys(*node, soft)) {
      s->ignored.insert(node->name());
      continue;
    }
    for (size_t i = 0; i < soft.size(); ++i) {
      // Hostname domains are counted per node in Score.
      auto label = node->labels().find(soft[i].topology_key);
      if (soft[i].topology_key == kHostnameLabel || label == node->labels().end()) continue;
      auto [it, added] = s->counts[i].emplace(label->second, 0);
      if (added) ++sizes[i];
    }
  }
  // Domains of the feasible nodes count pods on every node in them.
  for (const NodeInfo* node : view.Nodes()) {
    if (!node->HasNode() || (!defaulted && !HasAllKeys(*node, soft))) continue;
    for (size_t i = 0; i < soft.size(); ++i) {
      if (soft[i].topology_key == kHostnameLabel || !Included(soft[i], pod, *node)) continue;
      if (node->labels().count(soft[i].topology_key) == 0) continue;
      auto it = s->counts[i].find(node->labels().at(soft[i].topology_key));
      if (it != s->counts[i].end()) it->second += CountMatching(*node, soft[i], pod.ns);
    }
  }
  for (size_t i = 0; i < soft.size(); ++i) {
    int64_t size = soft[i].topology_key == kHostnameLabel
                       ? static_cast<int64_t>(nodes.size() - s->ignored.size())
                       : sizes[i];
    // Smaller topologies weigh less, so many small domains do not drown a
    // few big ones.
    s->weights.push_back(std::log(static_cast<double>(size + 2)));
  }
  s->constraints = std::move(soft);
  state.Write(kScoreKey, std::move(s));
  return true;
}

int64_t PodTopologySpread::Score(const CycleState& state, const PodInfo& pod,
                                 const NodeInfo& node) const {
  const auto* s = state.Read<SpreadScoreState>(kScoreKey);
  if (s == nullptr || s->ignored.count(node.name()) > 0) return 0;
  double score = 0;
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const SpreadConstraint& c = s->constraints[i];
    auto label = node.labels().find(c.topology_key);
    if (label == node.labels().end()) continue;
    int64_t count = 0;
    if (c.topology_key == kHostnameLabel) {
      count = CountMatching(node, c, pod.ns);
    } else if (auto it = s->counts[i].find(label->second); it != s->counts[i].end()) {
      count = it->second;
    }
    score += static_cast<double>(count) * s->weights[i] + static_cast<double>(c.max_skew - 1);
  }
  return std::llround(score);
}

void PodTopologySpread::Normalize(const CycleState& state, const PodInfo&,
                                  const std::vector<const NodeInfo*>& nodes,
                                  std::vector<int64_t>& scores) const {
  const auto* s = state.Read<SpreadScoreState>(kScoreKey);
  if (s == nullptr) return;
  int64_t min = std::numeric_limits<int64_t>::max(), max = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (s->ignored.count(nodes[i]->name()) > 0) continue;
    min = std::min(min, scores[i]);
    max = std::max(max, scores[i]);
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (s->ignored.count(nodes[i]->name()) > 0) {
      scores[i] = 0;
    } else if (max == 0) {
      scores[i] = kMaxNodeScore;
    } else {
      // Fewer matching pods score higher.
      scores[i] = kMaxNodeScore * (max + min - scores[i]) / max;
    }
  }
}

}  // namespace ekslite::scheduler

#include <limits>
#include <unordered_map>

#include "scheduler/plugins/plugins.h"

namespace ekslite::scheduler {
namespace {

// Counts keyed by a topology pair "key\0value".
using PairCounts = std::unordered_map<std::string, int64_t>;

std::string PairKey(const std::string& key, const std::string& value) {
  std::string k;
  k.reserve(key.size() + value.size() + 1);
  k.append(key).push_back('\0');
  k.append(value);
  return k;
}

// Adds `delta` to the pair of `key` on `node`, if the node has that label.
void AddPair(PairCounts& counts, const std::string& key, const NodeInfo& node, int64_t delta) {
  auto label = node.labels().find(key);
  if (label == node.labels().end()) return;
  int64_t& n = counts[PairKey(key, label->second)];
  n += delta;
  if (n == 0) counts.erase(PairKey(key, label->second));
}

bool NodeHasPair(const PairCounts& counts, const std::string& key, const NodeInfo& node) {
  auto label = node.labels().find(key);
  if (label == node.labels().end()) return false;
  auto it = counts.find(PairKey(key, label->second));
  return it != counts.end() && it->second > 0;
}

bool MatchesAll(const std::vector<AffinityTerm>& terms, const PodInfo& pod, const Labels* ns) {
  for (const AffinityTerm& t : terms) {
    if (!t.Matches(pod, ns)) return false;
  }
  return !terms.empty();
}

struct AffinityFilterState : PluginState {
  PairCounts existing_anti;  // pairs where existing pods' anti-affinity forbids the pod
  PairCounts affinity;       // pairs with pods the pod's required affinity wants
  PairCounts anti;           // pairs with pods the pod's required anti-affinity avoids
  std::unique_ptr<PluginState> Clone() const override {
    return std::make_unique<AffinityFilterState>(*this);
  }
};

struct AffinityScoreState : PluginState {
  PairCounts scores;
  std::unique_ptr<PluginState> Clone() const override {
    return std::make_unique<AffinityScoreState>(*this);
  }
};

constexpr std::string_view kScoreKey = "InterPodAffinity/score";
// Upstream's hardPodAffinityWeight: how much an existing pod's required
// affinity towards the pod counts when scoring.
constexpr int64_t kHardPodAffinityWeight = 1;

}  // namespace

void InterPodAffinity::Update(CycleState& state, const PodInfo& pod, const PodInfo& other,
                              const NodeInfo& node, const ClusterView& view, int delta) const {
  auto* s = state.Read<AffinityFilterState>(name());
  if (s == nullptr) return;
  const Labels* pod_ns = view.NamespaceLabels(pod.ns);
  for (const AffinityTerm& t : other.required_anti_affinity) {
    if (t.Matches(pod, pod_ns)) AddPair(s->existing_anti, t.topology_key, node, delta);
  }
  const Labels* other_ns = view.NamespaceLabels(other.ns);
  if (MatchesAll(pod.required_affinity, other, other_ns)) {
    for (const AffinityTerm& t : pod.required_affinity) {
      AddPair(s->affinity, t.topology_key, node, delta);
    }
  }
  for (const AffinityTerm& t : pod.required_anti_affinity) {
    if (t.Matches(other, other_ns)) AddPair(s->anti, t.topology_key, node, delta);
  }
}

FilterResult InterPodAffinity::PreFilter(CycleState& state, const PodInfo& pod,
                                         const ClusterView& view) {
  const bool own = !pod.required_affinity.empty() || !pod.required_anti_affinity.empty();
  auto s = std::make_unique<AffinityFilterState>();
  state.Write(name(), std::move(s));
  for (const NodeInfo* node : view.Nodes()) {
    if (!node->HasNode() || (!own && node->pods_with_required_anti_affinity() == 0)) continue;
    for (const PodInfoPtr& other : node->pods()) {
      if (other->deleting) continue;
      Update(state, pod, *other, *node, view, +1);
    }
  }
  return FilterResult::Ok();
}

FilterResult InterPodAffinity::Filter(const CycleState& state, const PodInfo& pod,
                                      const NodeInfo& node) const {
  const auto* s = state.Read<AffinityFilterState>(name());
  if (s == nullptr) return FilterResult::Ok();
  if (!pod.required_affinity.empty()) {
    bool all = true;
    for (const AffinityTerm& t : pod.required_affinity) {
      if (!NodeHasPair(s->affinity, t.topology_key, node)) {
        all = false;
        break;
      }
    }
    // The first pod of a group that selects itself may go anywhere with
    // the topology keys.
    bool first_of_group = false;
    if (!all && s->affinity.empty() && MatchesAll(pod.required_affinity, pod, nullptr)) {
      first_of_group = true;
      for (const AffinityTerm& t : pod.required_affinity) {
        if (node.labels().count(t.topology_key) == 0) first_of_group = false;
      }
    }
    if (!all && !first_of_group) return FilterResult::Unresolvable(std::string(kReasonAffinity));
  }
  for (const AffinityTerm& t : pod.required_anti_affinity) {
    if (NodeHasPair(s->anti, t.topology_key, node)) {
      return FilterResult::Unschedulable(std::string(kReasonAntiAffinity));
    }
  }
  for (const auto& [pair, count] : s->existing_anti) {
    size_t split = pair.find('\0');
    auto label = node.labels().find(pair.substr(0, split));
    if (count > 0 && label != node.labels().end() && label->second == pair.substr(split + 1)) {
      return FilterResult::Unschedulable(std::string(kReasonExistingAntiAffinity));
    }
  }
  return FilterResult::Ok();
}

void InterPodAffinity::RemovePod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                                 const NodeInfo& node, const ClusterView& view) const {
  Update(state, pod, other, node, view, -1);
}

void InterPodAffinity::AddPod(CycleState& state, const PodInfo& pod, const PodInfo& other,
                              const NodeInfo& node, const ClusterView& view) const {
  Update(state, pod, other, node, view, +1);
}

bool InterPodAffinity::PreScore(CycleState& state, const PodInfo& pod,
                                const std::vector<const NodeInfo*>&, const ClusterView& view) {
  const bool own = !pod.preferred_affinity.empty() || !pod.preferred_anti_affinity.empty();
  auto s = std::make_unique<AffinityScoreState>();
  const Labels* pod_ns = view.NamespaceLabels(pod.ns);
  for (const NodeInfo* node : view.Nodes()) {
    if (!node->HasNode() || (!own && node->pods_with_affinity() == 0)) continue;
    for (const PodInfoPtr& other : node->pods()) {
      const Labels* other_ns = view.NamespaceLabels(other->ns);
      for (const AffinityTerm& t : pod.preferred_affinity) {
        if (t.Matches(*other, other_ns)) AddPair(s->scores, t.topology_key, *node, t.weight);
      }
      for (const AffinityTerm& t : pod.preferred_anti_affinity) {
        if (t.Matches(*other, other_ns)) AddPair(s->scores, t.topology_key, *node, -t.weight);
      }
      // Existing pods' wishes about the pod count the same way.
      for (const AffinityTerm& t : other->preferred_affinity) {
        if (t.Matches(pod, pod_ns)) AddPair(s->scores, t.topology_key, *node, t.weight);
      }
      for (const AffinityTerm& t : other->preferred_anti_affinity) {
        if (t.Matches(pod, pod_ns)) AddPair(s->scores, t.topology_key, *node, -t.weight);
      }
      for (const AffinityTerm& t : other->required_affinity) {
        if (t.Matches(pod, pod_ns)) {
          AddPair(s->scores, t.topology_key, *node, kHardPodAffinityWeight);
        }
      }
    }
  }
  if (s->scores.empty()) return false;
  state.Write(kScoreKey, std::move(s));
  return true;
}

int64_t InterPodAffinity::Score(const CycleState& state, const PodInfo&,
                                const NodeInfo& node) const {
  const auto* s = state.Read<AffinityScoreState>(kScoreKey);
  if (s == nullptr) return 0;
  int64_t score = 0;
  for (const auto& [pair, weight] : s->scores) {
    size_t split = pair.find('\0');
    auto label = node.labels().find(pair.substr(0, split));
    if (label != node.labels().end() && label->second == pair.substr(split + 1)) score += weight;
  }
  return score;
}

void InterPodAffinity::Normalize(const CycleState& state, const PodInfo&,
                                 const std::vector<const NodeInfo*>&,
                                 std::vector<int64_t>& scores) const {
  if (state.Read<AffinityScoreState>(kScoreKey) == nullptr) return;
  int64_t min = std::numeric_limits<int64_t>::max(), max = std::numeric_limits<int64_t>::min();
  for (int64_t s : scores) {
    min = std::min(min, s);
    max = std::max(max, s);
  }
  for (int64_t& s : scores) s = max > min ? kMaxNodeScore * (s - min) / (max - min) : 0;
}

}  // namespace ekslite::scheduler

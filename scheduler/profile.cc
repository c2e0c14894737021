#include "scheduler/profile.h"

#include <algorithm>

namespace ekslite::scheduler {
namespace {

// Below this many nodes every node is evaluated.
constexpr int kMinFeasibleNodesToFind = 100;
constexpr int kMinFeasibleNodesPercentage = 5;

uint64_t Seed(uint64_t seed) { return seed != 0 ? seed : std::random_device{}(); }

}  // namespace

Profile::Profile(const ProfileOptions& options)
    : options_(options), fit_(options.scoring), rng_(Seed(options.seed)) {
  // Upstream's default profile order.
  filters_ = {&node_unschedulable_, &node_name_, &taint_toleration_, &node_affinity_,
              &node_ports_,         &fit_,       &spread_,           &inter_pod_affinity_};
  // Upstream's default score weights.
  scorers_ = {{&taint_toleration_, 3}, {&node_affinity_, 2},      {&fit_, 1},
              {&spread_, 2},           {&inter_pod_affinity_, 2}, {&balanced_, 1}};
}

int Profile::NumFeasibleNodesToFind(int num_all_nodes) const {
  if (num_all_nodes < kMinFeasibleNodesToFind) return num_all_nodes;
  int percentage = options_.percentage_of_nodes_to_score;
  if (percentage <= 0) {
    percentage = std::max(kMinFeasibleNodesPercentage, 50 - num_all_nodes / 125);
  }
  if (percentage >= 100) return num_all_nodes;
  int n = static_cast<int>(static_cast<int64_t>(num_all_nodes) * percentage / 100);
  return std::max(n, kMinFeasibleNodesToFind);
}

FilterResult Profile::RunPreFilters(CycleState& state, const PodInfo& pod,
                                    const ClusterView& view) {
  for (FilterPlugin* f : filters_) {
    FilterResult r = f->PreFilter(state, pod, view);
    if (!r.ok()) return r;
  }
  return FilterResult::Ok();
}

FilterResult Profile::RunFilters(const CycleState& state, const PodInfo& pod,
                                 const NodeInfo& node) const {
  for (const FilterPlugin* f : filters_) {
    FilterResult r = f->Filter(state, pod, node);
    if (!r.ok()) return r;
  }
  return FilterResult::Ok();
}

ScheduleResult Profile::Schedule(const PodInfo& pod, const ClusterView& view,
                                 const std::optional<api::LabelSelector>& default_spread) {
  ScheduleResult result;
  if (default_spread && !default_spread->Empty() && pod.spread_constraints.empty()) {
    auto d = std::make_unique<DefaultSpreadSelector>();
    d->selector = *default_spread;
    result.state.Write(DefaultSpreadSelector::kKey, std::move(d));
  }
  const std::vector<NodeInfo*>& all = view.Nodes();
  const int num_all = static_cast<int>(all.size());
  FilterResult pre = RunPreFilters(result.state, pod, view);
  if (!pre.ok()) {
    for (const std::string& reason : pre.reasons) {
      if (!result.diagnosis.prefilter_message.empty()) result.diagnosis.prefilter_message += ", ";
      result.diagnosis.prefilter_message += reason;
    }
    for (const NodeInfo* n : all) result.diagnosis.node_status[n->name()] = pre;
    return result;
  }
  // A pod that preempted others tries its nominated node first.
  if (!pod.nominated_node_name.empty()) {
    const NodeInfo* nominated = view.Node(pod.nominated_node_name);
    if (nominated != nullptr && nominated->HasNode() &&
        RunFilters(result.state, pod, *nominated).ok()) {
      result.node = nominated->name();
      result.evaluated_nodes = result.feasible_nodes = 1;
      return result;
    }
  }
  // Filter from where the last cycle stopped, until enough nodes fit.
  const int want = NumFeasibleNodesToFind(num_all);
  std::vector<const NodeInfo*> feasible;
  feasible.reserve(want);
  int processed = 0;
  for (; processed < num_all && static_cast<int>(feasible.size()) < want; ++processed) {
    const NodeInfo* node = all[(next_start_index_ + processed) % num_all];
    FilterResult r = RunFilters(result.state, pod, *node);
    if (r.ok()) {
      feasible.push_back(node);
    } else {
      result.diagnosis.node_status[node->name()] = std::move(r);
    }
  }
  if (num_all > 0) next_start_index_ = (next_start_index_ + processed) % num_all;
  result.evaluated_nodes = processed;
  result.feasible_nodes = static_cast<int>(feasible.size());
  if (feasible.empty()) return result;
  if (feasible.size() == 1) {
    result.node = feasible[0]->name();
    return result;
  }
  std::vector<int64_t> scores = ScoreNodes(result.state, pod, feasible, view);
  result.node = SelectHost(feasible, scores);
  return result;
}

std::vector<int64_t> Profile::ScoreNodes(CycleState& state, const PodInfo& pod,
                                         const std::vector<const NodeInfo*>& nodes,
                                         const ClusterView& view) {
  std::vector<int64_t> total(nodes.size(), 0);
  std::vector<int64_t> scores(nodes.size());
  for (const WeightedScorePlugin& s : scorers_) {
    if (!s.plugin->PreScore(state, pod, nodes, view)) continue;
    for (size_t i = 0; i < nodes.size(); ++i) scores[i] = s.plugin->Score(state, pod, *nodes[i]);
    s.plugin->Normalize(state, pod, nodes, scores);
    for (size_t i = 0; i < nodes.size(); ++i) total[i] += scores[i] * s.weight;
  }
  return total;
}

std::string Profile::SelectHost(const std::vector<const NodeInfo*>& nodes,
                                const std::vector<int64_t>& scores) {
  // Reservoir sampling over the nodes sharing the best score: each is
  // equally likely.
  size_t best = 0;
  int ties = 1;
  for (size_t i = 1; i < nodes.size(); ++i) {
    if (scores[i] > scores[best]) {
      best = i;
      ties = 1;
    } else if (scores[i] == scores[best]) {
      ++ties;
      if (std::uniform_int_distribution<int>(0, ties - 1)(rng_) == 0) best = i;
    }
  }
  return nodes[best]->name();
}

}  // namespace ekslite::scheduler

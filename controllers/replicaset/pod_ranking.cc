#include "controllers/replicaset/pod_ranking.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "controllers/common/pod_util.h"

namespace ekslite::controllers {
namespace {

int PhaseOrdinal(const JsonValue& pod) {
  std::string_view phase = StringAt(pod, "status.phase");
  if (phase == "Pending" || phase.empty()) return 0;
  if (phase == "Unknown") return 1;
  if (phase == "Running") return 2;
  return 3;
}

// The pod-deletion-cost annotation; invalid or absent counts as 0.
int32_t DeletionCost(const JsonValue& pod) {
  const JsonValue* annotations = Path(pod, "metadata.annotations");
  if (annotations == nullptr) return 0;
  const JsonValue* v = Member(*annotations, kPodDeletionCostAnnotation);
  if (v == nullptr || !v->IsString()) return 0;
  std::string_view text = View(*v);
  int32_t cost = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cost);
  if (ec != std::errc() || end != text.data() + text.size()) return 0;
  return cost;
}

int64_t MaxRestarts(const JsonValue& pod) {
  int64_t most = 0;
  const JsonValue* statuses = Path(pod, "status.containerStatuses");
  if (statuses == nullptr || !statuses->IsArray()) return 0;
  for (const JsonValue& s : statuses->GetArray()) most = std::max(most, IntAt(s, "restartCount").value_or(0));
  return most;
}

// floor(log2(now - t)) in nanoseconds, -1 when t is not in the past.
int64_t LogBucket(Clock::time_point t, Clock::time_point now) {
  auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(now - t).count();
  return d > 0 ? static_cast<int64_t>(std::log2(static_cast<double>(d))) : -1;
}

// Rules 6 and 8: the more recent time goes first; a missing time first of all.
std::optional<bool> RecentFirst(std::optional<Clock::time_point> a,
                                std::optional<Clock::time_point> b, const JsonValue& pa,
                                const JsonValue& pb, Clock::time_point now) {
  if (a == b) return std::nullopt;
  if (!a.has_value() || !b.has_value()) return !a.has_value();
  int64_t diff = LogBucket(*a, now) - LogBucket(*b, now);
  if (diff == 0) return StringAt(pa, "metadata.uid") < StringAt(pb, "metadata.uid");
  return diff < 0;
}

std::optional<Clock::time_point> Created(const JsonValue& pod) {
  Clock::time_point t;
  if (!ParseRfc3339(StringAt(pod, "metadata.creationTimestamp"), &t)) return std::nullopt;
  return t;
}

}  // namespace

bool DeleteBefore(const RankedPod& ra, const RankedPod& rb, Clock::time_point now) {
  const JsonValue& a = *ra.pod;
  const JsonValue& b = *rb.pod;
  bool a_assigned = !StringAt(a, "spec.nodeName").empty();
  bool b_assigned = !StringAt(b, "spec.nodeName").empty();
  if (a_assigned != b_assigned) return !a_assigned;
  if (PhaseOrdinal(a) != PhaseOrdinal(b)) return PhaseOrdinal(a) < PhaseOrdinal(b);
  bool a_ready = IsPodReady(a);
  bool b_ready = IsPodReady(b);
  if (a_ready != b_ready) return !a_ready;
  if (DeletionCost(a) != DeletionCost(b)) return DeletionCost(a) < DeletionCost(b);
  if (ra.rank != rb.rank) return ra.rank > rb.rank;
  if (a_ready && b_ready) {
    if (auto r = RecentFirst(PodReadySince(a), PodReadySince(b), a, b, now)) return *r;
  }
  if (MaxRestarts(a) != MaxRestarts(b)) return MaxRestarts(a) > MaxRestarts(b);
  if (auto r = RecentFirst(Created(a), Created(b), a, b, now)) return *r;
  return false;
}

std::vector<client::ObjectPtr> PodsToDelete(const std::vector<client::ObjectPtr>& pods,
                                            const std::vector<client::ObjectPtr>& related,
                                            size_t count, Clock::time_point now) {
  std::map<std::string, int, std::less<>> per_node;
  for (const client::ObjectPtr& pod : related) {
    std::string_view node = StringAt(*pod, "spec.nodeName");
    if (!node.empty() && IsPodActive(*pod)) ++per_node[std::string(node)];
  }
  std::vector<RankedPod> ranked;
  ranked.reserve(pods.size());
  for (const client::ObjectPtr& pod : pods) {
    std::string_view node = StringAt(*pod, "spec.nodeName");
    auto it = node.empty() ? per_node.end() : per_node.find(node);
    ranked.push_back({pod, it == per_node.end() ? 0 : it->second});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [now](const RankedPod& a, const RankedPod& b) {
    return DeleteBefore(a, b, now);
  });
  std::vector<client::ObjectPtr> victims;
  for (size_t i = 0; i < ranked.size() && i < count; ++i) victims.push_back(ranked[i].pod);
  return victims;
}

}  // namespace ekslite::controllers

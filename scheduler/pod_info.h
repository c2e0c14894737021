// PodInfo: what the scheduler needs of a pod, read once from its JSON when
// the informer delivers it — requests, host ports, tolerations, node and pod
// affinity, topology spread — so that filtering thousands of nodes never
// touches JSON. Immutable and shared (PodInfoPtr).
#ifndef EKSLITE_SCHEDULER_POD_INFO_H_
#define EKSLITE_SCHEDULER_POD_INFO_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/api/label_selector.h"
#include "core/client/object.h"
#include "core/clock.h"
#include "scheduler/node_selector.h"
#include "scheduler/resource.h"
#include "scheduler/taints.h"

namespace ekslite::scheduler {

inline constexpr std::string_view kDefaultSchedulerName = "default-scheduler";
inline constexpr std::string_view kHostnameLabel = "kubernetes.io/hostname";

struct HostPort {
  std::string protocol;  // TCP (default), UDP, SCTP
  std::string host_ip;   // "0.0.0.0" when unset
  int64_t port = 0;
};

// A PodAffinityTerm: pods selected by `selector` in `namespaces` (or every
// namespace whose labels match `namespace_selector`), counted per value of
// `topology_key` on their nodes.
struct AffinityTerm {
  api::LabelSelector selector = api::LabelSelector::Nothing();
  std::set<std::string> namespaces;
  std::optional<api::LabelSelector> namespace_selector;
  std::string topology_key;
  int64_t weight = 0;  // preferred terms only

  // Whether `pod` (in a namespace with `ns_labels`) is one the term selects.
  bool Matches(const struct PodInfo& pod, const Labels* ns_labels) const;
};

struct SpreadConstraint {
  int64_t max_skew = 1;
  std::string topology_key;
  bool do_not_schedule = true;  // whenUnsatisfiable DoNotSchedule (else ScheduleAnyway)
  api::LabelSelector selector = api::LabelSelector::Nothing();
  int64_t min_domains = 1;
  bool honor_node_affinity = true;  // nodeAffinityPolicy (default Honor)
  bool honor_node_taints = false;   // nodeTaintsPolicy (default Ignore)
};

struct PodInfo {
  client::ObjectPtr object;
  std::string key;  // "ns/name"
  std::string ns, name, uid;
  std::string node_name;
  std::string scheduler_name;
  std::string nominated_node_name;
  Labels labels;
  int64_t priority = 0;
  bool preempt_never = false;    // preemptionPolicy: Never
  bool deleting = false;         // has a deletionTimestamp
  bool terminal = false;         // phase Succeeded or Failed
  bool gated = false;            // spec.schedulingGates not empty: not to be scheduled yet
  Clock::time_point start_time;  // status.startTime, else creationTimestamp
  std::string owner_uid;         // the first ownerReference's uid

  Resource requests;               // incl. init containers (max rule) and overhead
  int64_t non_zero_milli_cpu = 0;  // the same with defaults for unset requests
  int64_t non_zero_memory = 0;
  std::vector<HostPort> host_ports;
  std::vector<Toleration> tolerations;

  Labels node_selector;
  std::vector<NodeSelectorTerm> required_node_affinity;  // empty: none
  bool has_required_node_affinity = false;
  std::vector<PreferredTerm> preferred_node_affinity;

  std::vector<AffinityTerm> required_affinity, required_anti_affinity;
  std::vector<AffinityTerm> preferred_affinity, preferred_anti_affinity;
  std::vector<SpreadConstraint> spread_constraints;

  bool HasPodAffinity() const {
    return !required_affinity.empty() || !required_anti_affinity.empty() ||
           !preferred_affinity.empty() || !preferred_anti_affinity.empty();
  }
  // Whether the node's labels satisfy nodeSelector and required node affinity.
  bool MatchesNodeSelectorAndAffinity(const Labels& node_labels,
                                      const std::string& node_name) const;
};

using PodInfoPtr = std::shared_ptr<const PodInfo>;

// Reads a pod. Never fails: malformed parts (which the apiserver rejects)
// read as absent.
PodInfoPtr NewPodInfo(client::ObjectPtr pod);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_POD_INFO_H_

// NodeInfo: one node as the scheduler sees it — its allocatable resources,
// labels and taints, and the pods on it (bound, or assumed by the
// scheduler while their binding is in flight) with what they request and
// which host ports they hold.
#ifndef EKSLITE_SCHEDULER_NODE_INFO_H_
#define EKSLITE_SCHEDULER_NODE_INFO_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "core/client/object.h"
#include "scheduler/node_selector.h"
#include "scheduler/pod_info.h"
#include "scheduler/resource.h"
#include "scheduler/taints.h"

namespace ekslite::scheduler {

class NodeInfo {
 public:
  explicit NodeInfo(std::string name) : name_(std::move(name)) {}

  // Sets the node object (nullptr: pods are known on a node not seen yet).
  void SetNode(client::ObjectPtr node);
  bool HasNode() const { return node_ != nullptr; }
  const client::ObjectPtr& node() const { return node_; }
  const std::string& name() const { return name_; }
  const Labels& labels() const { return labels_; }
  const std::vector<Taint>& taints() const { return taints_; }
  bool unschedulable() const { return unschedulable_; }
  const Resource& allocatable() const { return allocatable_; }

  void AddPod(PodInfoPtr pod);
  // Removes the pod with `key`; false when it is not here.
  bool RemovePod(const std::string& key);
  const std::vector<PodInfoPtr>& pods() const { return pods_; }

  // Sums over the pods here.
  const Resource& requested() const { return requested_; }
  int64_t non_zero_milli_cpu() const { return non_zero_milli_cpu_; }
  int64_t non_zero_memory() const { return non_zero_memory_; }
  // Pods here with any pod (anti-)affinity, and with required anti-affinity.
  int pods_with_affinity() const { return pods_with_affinity_; }
  int pods_with_required_anti_affinity() const { return pods_with_required_anti_affinity_; }

  // Whether a pod here already holds host port `port` in a way that
  // conflicts with it (same protocol and port, and the same IP or either
  // side 0.0.0.0).
  bool PortConflicts(const HostPort& port) const;

 private:
  void Account(const PodInfo& pod, int sign);

  std::string name_;
  client::ObjectPtr node_;
  Labels labels_;
  std::vector<Taint> taints_;
  bool unschedulable_ = false;
  Resource allocatable_;

  std::vector<PodInfoPtr> pods_;
  Resource requested_;
  int64_t non_zero_milli_cpu_ = 0;
  int64_t non_zero_memory_ = 0;
  int pods_with_affinity_ = 0;
  int pods_with_required_anti_affinity_ = 0;
  std::vector<HostPort> used_ports_;
};

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_NODE_INFO_H_

#include "scheduler/node_info.h"

#include <algorithm>

namespace ekslite::scheduler {

void NodeInfo::SetNode(client::ObjectPtr node) {
  node_ = std::move(node);
  if (node_ == nullptr) {
    labels_.clear();
    taints_.clear();
    unschedulable_ = false;
    allocatable_ = Resource{};
    return;
  }
  labels_ = LabelsFromJson(Path(*node_, "metadata.labels"));
  taints_ = TaintsFromJson(Path(*node_, "spec.taints"));
  const JsonValue* unschedulable = Path(*node_, "spec.unschedulable");
  unschedulable_ = unschedulable != nullptr && unschedulable->IsBool() && unschedulable->GetBool();
  allocatable_ = ResourceFromList(Path(*node_, "status.allocatable"));
}

void NodeInfo::Account(const PodInfo& pod, int sign) {
  Resource r = pod.requests;
  if (sign > 0) {
    requested_.Add(r);
  } else {
    requested_.Subtract(r);
  }
  non_zero_milli_cpu_ += sign * pod.non_zero_milli_cpu;
  non_zero_memory_ += sign * pod.non_zero_memory;
  if (pod.HasPodAffinity()) pods_with_affinity_ += sign;
  if (!pod.required_anti_affinity.empty()) pods_with_required_anti_affinity_ += sign;
}

void NodeInfo::AddPod(PodInfoPtr pod) {
  Account(*pod, +1);
  used_ports_.insert(used_ports_.end(), pod->host_ports.begin(), pod->host_ports.end());
  pods_.push_back(std::move(pod));
}

bool NodeInfo::RemovePod(const std::string& key) {
  auto it =
      std::find_if(pods_.begin(), pods_.end(), [&](const PodInfoPtr& p) { return p->key == key; });
  if (it == pods_.end()) return false;
  PodInfoPtr pod = *it;
  *it = std::move(pods_.back());
  pods_.pop_back();
  Account(*pod, -1);
  for (const HostPort& hp : pod->host_ports) {
    auto used = std::find_if(used_ports_.begin(), used_ports_.end(), [&](const HostPort& u) {
      return u.port == hp.port && u.protocol == hp.protocol && u.host_ip == hp.host_ip;
    });
    if (used != used_ports_.end()) used_ports_.erase(used);
  }
  return true;
}

bool NodeInfo::PortConflicts(const HostPort& port) const {
  for (const HostPort& u : used_ports_) {
    if (u.port != port.port || u.protocol != port.protocol) continue;
    if (u.host_ip == port.host_ip || u.host_ip == "0.0.0.0" || port.host_ip == "0.0.0.0") {
      return true;
    }
  }
  return false;
}

}  // namespace ekslite::scheduler

// The Node object a simulated node registers and the status it reports:
// capacity and allocatable, nodeInfo, addresses, the well-known labels, and
// the four kubelet conditions (Ready=True "KubeletReady", MemoryPressure,
// DiskPressure and PIDPressure False) with upstream's reasons and messages.
#ifndef EKSLITE_KUBELET_NODE_OBJECT_H_
#define EKSLITE_KUBELET_NODE_OBJECT_H_

#include <string>

#include "core/clock.h"
#include "core/json.h"

namespace ekslite::kubelet {

// What every node of a pool offers and reports.
struct NodeTemplate {
  std::string cpu = "4";
  std::string memory = "16Gi";
  int pods = 110;
  std::string ephemeral_storage = "100Gi";
  std::string instance_type;  // node.kubernetes.io/instance-type when set
  std::string kubelet_version = "v1.32.3";
  std::string container_runtime_version = "sim://1.0.0";
  std::string os_image = "ekslite simulated node";
  std::string kernel_version = "6.1.0-ekslite-sim";
};

// What is particular to one node.
struct NodeIdentity {
  std::string name;
  std::string internal_ip;
  std::string pod_cidr;  // "" for none
};

// The Node to create: metadata (labels), spec (podCIDR(s), providerID) and a
// full status. `ready_since` is the Ready condition's lastTransitionTime.
Json BuildNode(const NodeTemplate& tmpl, const NodeIdentity& id, Clock::time_point now);

// The status alone, for nodes/status patches; conditions carry `now` as
// their lastHeartbeatTime.
JsonValue BuildNodeStatus(const NodeTemplate& tmpl, const NodeIdentity& id, Clock::time_point now,
                          Clock::time_point ready_since, JsonAllocator& a);

// True when `node`'s Ready condition is True.
bool NodeIsReady(const JsonValue& node);

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_NODE_OBJECT_H_

// The pod status a node writes: phase, conditions, IPs, start time and one
// status per container, built from a PodLifecycle. Only what the kubelet
// owns is filled in, so the result can be merge-patched into pods/status.
#ifndef EKSLITE_KUBELET_POD_STATUS_H_
#define EKSLITE_KUBELET_POD_STATUS_H_

#include <string>

#include "core/json.h"
#include "kubelet/pod_lifecycle.h"

namespace ekslite::kubelet {

struct PodAddresses {
  std::string host_ip;
  std::string pod_ip;  // "" while the pod has none
};

// The status of `pod` (the spec the lifecycle was made for) as `life` has it.
JsonValue BuildPodStatus(const JsonValue& pod, const PodLifecycle& life,
                         const PodAddresses& addresses, JsonAllocator& a);

// The merge patch that sets `status` on pods/status: {"status": status}.
std::string PodStatusPatch(const JsonValue& status);

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_POD_STATUS_H_

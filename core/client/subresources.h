// Typed helpers for the subresources components use most: binding a pod to a
// node (the scheduler), evicting a pod (drains, the autoscaler), and the
// scale of a workload (the HPA). Thin wrappers over ResourceClient that build
// the request body so callers need not.
#ifndef EKSLITE_CORE_CLIENT_SUBRESOURCES_H_
#define EKSLITE_CORE_CLIENT_SUBRESOURCES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/client/dynamic_client.h"
#include "core/client/request_options.h"
#include "core/status.h"

namespace ekslite::client {

// Binds pod `ns`/`pod` to `node` (POST pods/binding; a v1 Binding whose
// target is the node). `pod_uid`, when set, makes the binding fail if the
// pod was replaced meanwhile. kConflict when the pod is already bound.
Status BindPod(const DynamicClient& client, std::string_view ns, std::string_view pod,
               std::string_view node, std::string_view pod_uid = "");

// Evicts pod `ns`/`pod` (POST pods/eviction, a policy/v1 Eviction).
// kTooManyRequests when a PodDisruptionBudget forbids it now.
Status EvictPod(const DynamicClient& client, std::string_view ns, std::string_view pod,
                const DeleteOptions& options = {});

// The autoscaling/v1 Scale of a workload.
struct Scale {
  int64_t spec_replicas = 0;
  int64_t status_replicas = 0;
  std::string selector;          // status.selector, a label selector string
  std::string resource_version;  // for a compare-and-swap SetScale
};

StatusOr<Scale> GetScale(const DynamicClient& client, const GroupVersionResource& resource,
                         std::string_view ns, std::string_view name);
// Sets spec.replicas through the scale subresource; with
// `resource_version` set, kConflict when the workload changed since.
StatusOr<Scale> SetScale(const DynamicClient& client, const GroupVersionResource& resource,
                         std::string_view ns, std::string_view name, int64_t replicas,
                         std::string_view resource_version = "");

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_SUBRESOURCES_H_

// GroupVersionResource: which collection a request is about, and the URL
// paths of its objects. Also the well-known resources components use.
#ifndef EKSLITE_CORE_CLIENT_RESOURCE_H_
#define EKSLITE_CORE_CLIENT_RESOURCE_H_

#include <string>
#include <string_view>
#include <tuple>

namespace ekslite::client {

struct GroupVersionResource {
  std::string group;  // "" for the core group
  std::string version;
  std::string resource;  // plural, lower case: "pods"

  // "v1" for the core group, else "group/version".
  std::string ApiVersion() const;

  friend bool operator==(const GroupVersionResource& a, const GroupVersionResource& b) {
    return std::tie(a.group, a.version, a.resource) == std::tie(b.group, b.version, b.resource);
  }
  friend bool operator<(const GroupVersionResource& a, const GroupVersionResource& b) {
    return std::tie(a.group, a.version, a.resource) < std::tie(b.group, b.version, b.resource);
  }
};

// The path of a collection, an object or an object's subresource:
//   /api/v1/pods                                  (no namespace: every namespace,
//                                                  or a cluster-scoped resource)
//   /apis/apps/v1/namespaces/ns/deployments/web/scale
// `name`, `ns` and `subresource` are percent-encoded as path segments.
std::string ResourcePath(const GroupVersionResource& resource, std::string_view ns,
                         std::string_view name = "", std::string_view subresource = "");

// Well-known resources.
namespace resources {
inline const GroupVersionResource kPods{"", "v1", "pods"};
inline const GroupVersionResource kNodes{"", "v1", "nodes"};
inline const GroupVersionResource kNamespaces{"", "v1", "namespaces"};
inline const GroupVersionResource kServices{"", "v1", "services"};
inline const GroupVersionResource kEndpoints{"", "v1", "endpoints"};
inline const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const GroupVersionResource kSecrets{"", "v1", "secrets"};
inline const GroupVersionResource kEvents{"", "v1", "events"};
inline const GroupVersionResource kServiceAccounts{"", "v1", "serviceaccounts"};
inline const GroupVersionResource kPersistentVolumeClaims{"", "v1", "persistentvolumeclaims"};
inline const GroupVersionResource kPersistentVolumes{"", "v1", "persistentvolumes"};
inline const GroupVersionResource kReplicationControllers{"", "v1", "replicationcontrollers"};
inline const GroupVersionResource kDeployments{"apps", "v1", "deployments"};
inline const GroupVersionResource kReplicaSets{"apps", "v1", "replicasets"};
inline const GroupVersionResource kStatefulSets{"apps", "v1", "statefulsets"};
inline const GroupVersionResource kDaemonSets{"apps", "v1", "daemonsets"};
inline const GroupVersionResource kControllerRevisions{"apps", "v1", "controllerrevisions"};
inline const GroupVersionResource kJobs{"batch", "v1", "jobs"};
inline const GroupVersionResource kCronJobs{"batch", "v1", "cronjobs"};
inline const GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};
inline const GroupVersionResource kEndpointSlices{"discovery.k8s.io", "v1", "endpointslices"};
inline const GroupVersionResource kHorizontalPodAutoscalers{"autoscaling", "v2",
                                                            "horizontalpodautoscalers"};
inline const GroupVersionResource kPodDisruptionBudgets{"policy", "v1", "poddisruptionbudgets"};
inline const GroupVersionResource kPriorityClasses{"scheduling.k8s.io", "v1", "priorityclasses"};
inline const GroupVersionResource kCustomResourceDefinitions{"apiextensions.k8s.io", "v1",
                                                             "customresourcedefinitions"};
}  // namespace resources

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_RESOURCE_H_

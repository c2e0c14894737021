// The Strategy of each resource that needs more than the generic rules.
#ifndef EKSLITE_APISERVER_RESOURCES_STRATEGIES_H_
#define EKSLITE_APISERVER_RESOURCES_STRATEGIES_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

class ClusterIpAllocator;
class NodePortAllocator;

// Namespaces: phase Active, the "kubernetes" finalizer, the
// kubernetes.io/metadata.name label; deletion sets phase Terminating and waits
// for spec.finalizers to empty.
Strategy NamespaceStrategy();
// Pods: upstream's defaults (restartPolicy, dnsPolicy, schedulerName,
// terminationGracePeriodSeconds, container imagePullPolicy and termination
// message settings, port protocols, volume modes), phase Pending and QoS class;
// graceful deletion of pods bound to a node.
Strategy PodStrategy();
// Services: type, sessionAffinity, port protocol and targetPort defaults,
// cluster IP allocation from `ips` and node ports from `node_ports` (each
// must outlive the strategy; without a node port allocator, node ports are
// random and not checked against other Services), validation.
Strategy ServiceStrategy(ClusterIpAllocator* ips, NodePortAllocator* node_ports = nullptr);
// Secrets: type Opaque by default; data must be base64; immutable secrets.
Strategy SecretStrategy();
// ConfigMaps: immutable ones refuse changes to data and binaryData.
Strategy ImmutableDataStrategy();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_STRATEGIES_H_

// The objects a cluster has from its first start: the default, kube-system,
// kube-public and kube-node-lease namespaces, the `kubernetes` Service and the
// RBAC bootstrap policy (authz/bootstrap_policy.h, reconciled at every start).
#ifndef EKSLITE_APISERVER_BOOTSTRAP_H_
#define EKSLITE_APISERVER_BOOTSTRAP_H_

#include "apiserver/registry/cluster_ip_allocator.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource_table.h"
#include "core/status.h"

namespace ekslite::apiserver {

// Creates whatever of the bootstrap objects is missing; existing ones are left
// as they are. Errors: the registry's.
Status Bootstrap(const ResourceTable& table, Registry& registry, ClusterIpAllocator& ips);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_BOOTSTRAP_H_

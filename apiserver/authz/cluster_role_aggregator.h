// ClusterRoleAggregator: keeps the rules of ClusterRoles with an
// aggregationRule equal to the union of the rules of the ClusterRoles their
// selectors match (upstream's clusterrole-aggregation controller): for each
// selector in order, the matching roles sorted by name (the role itself
// excluded), each rule added unless an identical one is already there.
//
// Upstream runs this as a controller, so aggregated roles lag behind. Here the
// apiserver calls Sync after every ClusterRole write it serves, before
// answering, so a client that reads right after a write sees the aggregated
// rules. Roles aggregating aggregated roles (admin <- edit <- view) converge
// within one Sync.
#ifndef EKSLITE_APISERVER_AUTHZ_CLUSTER_ROLE_AGGREGATOR_H_
#define EKSLITE_APISERVER_AUTHZ_CLUSTER_ROLE_AGGREGATOR_H_

#include <mutex>
#include <vector>

#include "apiserver/authz/rbac_index.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// The rules `role` aggregates from `snapshot`.
std::vector<PolicyRule> AggregatedRules(const RbacSnapshot& snapshot, const RbacRole& role);

class ClusterRoleAggregator {
 public:
  // `index`, `registry` and `cluster_roles` (the ClusterRole resource) must
  // outlive the aggregator.
  ClusterRoleAggregator(RbacIndex& index, Registry& registry, const ResourceInfo& cluster_roles)
      : index_(index), registry_(registry), cluster_roles_(cluster_roles) {}

  // Rewrites the rules of every aggregated ClusterRole that is out of date.
  // Calls are serialised; each works from the state after the caller's own
  // write. Errors: the registry's (the remaining roles are still synced).
  Status Sync();

 private:
  // One pass over the aggregated roles; sets *changed when it wrote.
  Status Pass(bool* changed);

  RbacIndex& index_;
  Registry& registry_;
  const ResourceInfo& cluster_roles_;
  std::mutex mu_;  // serialises Sync
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_CLUSTER_ROLE_AGGREGATOR_H_

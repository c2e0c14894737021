// The RBAC objects every cluster starts with (upstream's bootstrap policy):
//
//   ClusterRoles  cluster-admin; admin, edit, view (aggregated from roles
//                 labelled rbac.authorization.k8s.io/aggregate-to-<name>, with
//                 system:aggregate-to-{admin,edit,view} holding the rules for
//                 the built-in resources); system:discovery, system:basic-user,
//                 system:public-info-viewer, system:auth-delegator,
//                 system:monitoring, system:service-account-issuer-discovery
//   ClusterRoleBindings  cluster-admin (Group system:masters),
//                 system:discovery and system:basic-user (system:authenticated),
//                 system:public-info-viewer (system:authenticated and
//                 system:unauthenticated), system:monitoring (Group
//                 system:monitoring), system:service-account-issuer-discovery
//                 (system:serviceaccounts)
//
// Each carries the label kubernetes.io/bootstrapping=rbac-defaults and the
// annotation rbac.authorization.kubernetes.io/autoupdate=true. Controller
// roles come with the controllers.
#ifndef EKSLITE_APISERVER_AUTHZ_BOOTSTRAP_POLICY_H_
#define EKSLITE_APISERVER_AUTHZ_BOOTSTRAP_POLICY_H_

#include <vector>

#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource_table.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// The bootstrap ClusterRoles and ClusterRoleBindings, as objects.
std::vector<Json> BootstrapClusterRoles();
std::vector<Json> BootstrapClusterRoleBindings();

// Creates what is missing and reconciles what exists, as upstream does at
// every start: objects annotated autoupdate=true (absent counts as true) get
// the missing labels and annotations, rules (aggregationRule selectors for
// aggregated roles) and subjects added; nothing is removed. Objects annotated
// autoupdate=false are left alone. Errors: the registry's.
Status ReconcileBootstrapPolicy(const ResourceTable& table, Registry& registry);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_AUTHZ_BOOTSTRAP_POLICY_H_

// The Strategies of the rbac.authorization.k8s.io resources: upstream's
// defaults (roleRef.apiGroup, subject apiGroups) and validation (rules,
// aggregation selectors, role references, subjects; roleRef is immutable).
#ifndef EKSLITE_APISERVER_RESOURCES_RBAC_STRATEGY_H_
#define EKSLITE_APISERVER_RESOURCES_RBAC_STRATEGY_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

Strategy RoleStrategy();
Strategy ClusterRoleStrategy();
Strategy RoleBindingStrategy();
Strategy ClusterRoleBindingStrategy();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_RBAC_STRATEGY_H_

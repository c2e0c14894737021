// Table columns of the rbac.authorization.k8s.io resources, as upstream
// prints them: roles and clusterroles NAME, CREATED AT; rolebindings and
// clusterrolebindings NAME, ROLE (kind/name), AGE, and with -o wide USERS,
// GROUPS, SERVICEACCOUNTS.
#ifndef EKSLITE_APISERVER_TABLE_RBAC_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_RBAC_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UseRoleTable(ResourceInfo& info);
void UseRoleBindingTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_RBAC_PRINTERS_H_

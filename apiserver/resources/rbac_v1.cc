// rbac.authorization.k8s.io/v1: ClusterRoleBindings, ClusterRoles,
// RoleBindings and Roles, with upstream's validation and tables. Writes of
// ClusterRoles keep the aggregated ClusterRoles current (options'
// after_cluster_role_write).
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/rbac_strategy.h"
#include "apiserver/table/rbac_printers.h"

namespace ekslite::apiserver {

void RegisterRbacV1(ResourceTable& table, const BuiltinOptions& options) {
  const char* group = "rbac.authorization.k8s.io";
  ResourceInfo crb = NewResource(group, "v1", "clusterrolebindings", "clusterrolebinding",
                                 "ClusterRoleBinding", false);
  crb.strategy = ClusterRoleBindingStrategy();
  UseRoleBindingTable(crb);
  table.Add(std::move(crb));

  ResourceInfo cr = NewResource(group, "v1", "clusterroles", "clusterrole", "ClusterRole", false);
  cr.strategy = ClusterRoleStrategy();
  cr.after_write = options.after_cluster_role_write;
  UseRoleTable(cr);
  table.Add(std::move(cr));

  ResourceInfo rb = NewResource(group, "v1", "rolebindings", "rolebinding", "RoleBinding", true);
  rb.strategy = RoleBindingStrategy();
  UseRoleBindingTable(rb);
  table.Add(std::move(rb));

  ResourceInfo role = NewResource(group, "v1", "roles", "role", "Role", true);
  role.strategy = RoleStrategy();
  UseRoleTable(role);
  table.Add(std::move(role));
}

}  // namespace ekslite::apiserver

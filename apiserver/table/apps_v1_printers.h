// Table columns of the workloads: apps/v1 Deployments, ReplicaSets,
// StatefulSets, DaemonSets and ControllerRevisions, core/v1
// ReplicationControllers and PodTemplates, and policy/v1
// PodDisruptionBudgets, as upstream prints them.
#ifndef EKSLITE_APISERVER_TABLE_APPS_V1_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_APPS_V1_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UseDeploymentTable(ResourceInfo& info);
void UseReplicaSetTable(ResourceInfo& info);
void UseStatefulSetTable(ResourceInfo& info);
void UseDaemonSetTable(ResourceInfo& info);
void UseControllerRevisionTable(ResourceInfo& info);
void UseReplicationControllerTable(ResourceInfo& info);
void UsePodTemplateTable(ResourceInfo& info);
void UsePodDisruptionBudgetTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_APPS_V1_PRINTERS_H_

// Table columns of cluster configuration: scheduling.k8s.io PriorityClasses,
// node.k8s.io RuntimeClasses, certificates.k8s.io CertificateSigningRequests,
// admissionregistration.k8s.io webhooks and policies, flowcontrol FlowSchemas
// and PriorityLevelConfigurations, and core/v1 ComponentStatuses, as upstream
// prints them.
#ifndef EKSLITE_APISERVER_TABLE_CLUSTER_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_CLUSTER_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UsePriorityClassTable(ResourceInfo& info);
void UseRuntimeClassTable(ResourceInfo& info);
void UseCertificateSigningRequestTable(ResourceInfo& info);
void UseWebhookConfigurationTable(ResourceInfo& info);
void UseValidatingAdmissionPolicyTable(ResourceInfo& info);
void UseValidatingAdmissionPolicyBindingTable(ResourceInfo& info);
void UseFlowSchemaTable(ResourceInfo& info);
void UsePriorityLevelConfigurationTable(ResourceInfo& info);
void UseComponentStatusTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_CLUSTER_PRINTERS_H_

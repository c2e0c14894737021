// Table columns of the core/v1, coordination and events resources, as kubectl
// users know them from upstream.
#ifndef EKSLITE_APISERVER_TABLE_CORE_V1_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_CORE_V1_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UseNamespaceTable(ResourceInfo& info);
void UseConfigMapTable(ResourceInfo& info);
void UseSecretTable(ResourceInfo& info);
void UseServiceAccountTable(ResourceInfo& info);
void UseEventTable(ResourceInfo& info);
void UseNodeTable(ResourceInfo& info);
void UsePodTable(ResourceInfo& info);
void UseServiceTable(ResourceInfo& info);
void UseEndpointsTable(ResourceInfo& info);
void UseResourceQuotaTable(ResourceInfo& info);
void UseLeaseTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_CORE_V1_PRINTERS_H_

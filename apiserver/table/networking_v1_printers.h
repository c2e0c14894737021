// Table columns of networking.k8s.io/v1 Ingresses, IngressClasses and
// NetworkPolicies and of discovery.k8s.io/v1 EndpointSlices, as upstream
// prints them.
#ifndef EKSLITE_APISERVER_TABLE_NETWORKING_V1_PRINTERS_H_
#define EKSLITE_APISERVER_TABLE_NETWORKING_V1_PRINTERS_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// Each sets `info.columns` and `info.row`.
void UseIngressTable(ResourceInfo& info);
void UseIngressClassTable(ResourceInfo& info);
void UseNetworkPolicyTable(ResourceInfo& info);
void UseEndpointSliceTable(ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_TABLE_NETWORKING_V1_PRINTERS_H_

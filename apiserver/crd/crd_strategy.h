// The Strategy of apiextensions.k8s.io/v1 CustomResourceDefinitions:
//   - defaults (upstream's): spec.names.singular = lower-case kind,
//     spec.names.listKind = kind + "List", spec.conversion = {strategy: None};
//   - create clears the status; create and update keep status.storedVersions
//     holding the storage version and set the names status at once
//     (crd_status.h: acceptedNames, NamesAccepted, Established), so the
//     create's response already says Established=True;
//   - validation: crd_validation.h, as a 422 `CustomResourceDefinition.
//     apiextensions.k8s.io "<name>" is invalid: ...`;
//   - delete: the first DELETE adds the finalizer
//     customresourcecleanup.apiextensions.k8s.io and the condition
//     Terminating=True/InstanceDeletionPending; CrdController then deletes
//     the custom resources and removes the finalizer.
#ifndef EKSLITE_APISERVER_CRD_CRD_STRATEGY_H_
#define EKSLITE_APISERVER_CRD_CRD_STRATEGY_H_

#include "apiserver/resources/resource.h"
#include "apiserver/resources/resource_table.h"
#include "core/json.h"

namespace ekslite::apiserver {

// `table` (the names other resources hold) must outlive the strategy.
Strategy CrdStrategy(const ResourceTable* table);

// Applies upstream's defaults to a CRD object in place.
void DefaultCrd(Json& crd);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CRD_STRATEGY_H_

// The namespace controller: empties a terminating namespace and lets it go.
// For a namespace with a deletionTimestamp and the "kubernetes" spec
// finalizer it discovers every namespaced resource (CRDs included), deletes
// all their objects in the namespace, reports progress in the upstream
// conditions (NamespaceDeletionDiscoveryFailure, NamespaceDeletionContentFailure,
// NamespaceContentRemaining, NamespaceFinalizersRemaining), and once nothing
// is left removes the finalizer through namespaces/finalize, at which point
// the apiserver deletes the namespace.
#ifndef EKSLITE_CONTROLLERS_NAMESPACE_NAMESPACE_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_NAMESPACE_NAMESPACE_CONTROLLER_H_

#include <chrono>
#include <memory>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

struct NamespaceControllerOptions {
  int workers = 2;
  Clock* clock = &RealClock();
  // How soon to look again while content remains (e.g. pods terminating).
  std::chrono::milliseconds recheck{std::chrono::milliseconds(500)};
};

// A stopped controller; registers its informers with `informers` now.
// `client` (and its transport, used for discovery) and `informers` must
// outlive it.
std::unique_ptr<Component> NewNamespaceController(const client::DynamicClient& client,
                                                  client::InformerFactory& informers,
                                                  NamespaceControllerOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_NAMESPACE_NAMESPACE_CONTROLLER_H_

// The EndpointSlice controller: for every Service with a selector, keeps
// discovery.k8s.io/v1 EndpointSlices listing its pods — labelled
// kubernetes.io/service-name=<service> and
// endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io,
// controlled by the Service — with each endpoint's ready / serving /
// terminating conditions, at most 100 endpoints per slice and one slice per
// distinct set of ports and address type. A service without ready pods
// keeps one empty slice, as upstream does.
#ifndef EKSLITE_CONTROLLERS_ENDPOINTSLICE_ENDPOINTSLICE_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_ENDPOINTSLICE_ENDPOINTSLICE_CONTROLLER_H_

#include <memory>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

inline constexpr const char* kEndpointSliceManagedBy = "endpointslice-controller.k8s.io";

struct EndpointSliceControllerOptions {
  int workers = 5;
  int max_endpoints_per_slice = 100;
  Clock* clock = &RealClock();
};

std::unique_ptr<Component> NewEndpointSliceController(const client::DynamicClient& client,
                                                      client::InformerFactory& informers,
                                                      EndpointSliceControllerOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_ENDPOINTSLICE_ENDPOINTSLICE_CONTROLLER_H_

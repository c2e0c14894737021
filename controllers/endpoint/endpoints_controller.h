// The Endpoints controller: for every Service with a selector, keeps an
// Endpoints object of the same name listing the IPs of its pods — ready pods
// under addresses, the others under notReadyAddresses — grouped into
// subsets by the ports they serve (targetPort resolved per pod). Services
// without a selector (such as "kubernetes") are left to whoever manages
// their Endpoints.
#ifndef EKSLITE_CONTROLLERS_ENDPOINT_ENDPOINTS_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_ENDPOINT_ENDPOINTS_CONTROLLER_H_

#include <memory>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

struct EndpointsControllerOptions {
  int workers = 5;
  Clock* clock = &RealClock();
};

std::unique_ptr<Component> NewEndpointsController(const client::DynamicClient& client,
                                                  client::InformerFactory& informers,
                                                  EndpointsControllerOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_ENDPOINT_ENDPOINTS_CONTROLLER_H_

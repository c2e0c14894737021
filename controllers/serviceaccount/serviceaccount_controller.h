// Per-namespace defaults every pod relies on:
//   - the ServiceAccount controller makes sure each active namespace has a
//     ServiceAccount named "default" (recreated if deleted);
//   - the root CA publisher keeps a ConfigMap "kube-root-ca.crt" with key
//     "ca.crt" (the cluster CA, PEM) in each active namespace, restoring it
//     when it is deleted or changed.
#ifndef EKSLITE_CONTROLLERS_SERVICEACCOUNT_SERVICEACCOUNT_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_SERVICEACCOUNT_SERVICEACCOUNT_CONTROLLER_H_

#include <memory>
#include <string>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

struct ServiceAccountControllerOptions {
  int workers = 2;
  Clock* clock = &RealClock();
};

std::unique_ptr<Component> NewServiceAccountController(const client::DynamicClient& client,
                                                       client::InformerFactory& informers,
                                                       ServiceAccountControllerOptions options = {});

struct RootCaPublisherOptions {
  std::string ca_pem;  // the CA bundle to publish; required
  int workers = 2;
  Clock* clock = &RealClock();
};

std::unique_ptr<Component> NewRootCaPublisher(const client::DynamicClient& client,
                                              client::InformerFactory& informers,
                                              RootCaPublisherOptions options);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_SERVICEACCOUNT_SERVICEACCOUNT_CONTROLLER_H_

// What the Endpoints and EndpointSlice controllers share: which pods back a
// Service (its spec.selector, same namespace), and the ports each pod
// serves for it (targetPort by number, or by name through the pod's
// container ports; absent means the service port itself).
#ifndef EKSLITE_CONTROLLERS_ENDPOINT_SERVICE_PODS_H_
#define EKSLITE_CONTROLLERS_ENDPOINT_SERVICE_PODS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/client/indexer.h"
#include "core/client/object.h"
#include "core/client/shared_informer.h"
#include "core/json.h"

namespace ekslite::controllers {

// One port of an endpoint, as both Endpoints and EndpointSlices list it.
struct EndpointPort {
  std::string name;  // the service port's name ("" when unnamed)
  int64_t port = 0;
  std::string protocol = "TCP";
  std::string app_protocol;

  friend bool operator==(const EndpointPort&, const EndpointPort&) = default;
};

// A pod that belongs in a service's endpoints.
struct PodEndpoint {
  client::ObjectPtr pod;
  std::string ip;
  bool ready = false;        // counts as ready (or the service publishes not-ready ones)
  bool serving = false;      // the pod's Ready condition, terminating or not
  bool terminating = false;  // has a deletionTimestamp
  std::vector<EndpointPort> ports;
};

// True for a Service whose endpoints a controller manages (it has a
// non-empty selector).
bool HasSelector(const JsonValue& service);

// The pods of `service` that can serve (have an IP, not finished), from
// `pods` (an informer cache with the namespace index). Terminating pods are
// included only when `include_terminating`.
std::vector<PodEndpoint> ServiceEndpoints(const JsonValue& service, const client::Indexer& pods,
                                          bool include_terminating);

// The port of `pod` that `service_port` (one entry of spec.ports) targets,
// or nullopt when a named targetPort is not among its container ports.
std::optional<int64_t> ResolveTargetPort(const JsonValue& service_port, const JsonValue& pod);

// The keys ("namespace/name") of the services in `services` whose selector
// matches `pod`.
std::vector<std::string> ServicesForPod(const JsonValue& pod, const client::Indexer& services);

// Pod event handlers that pass `enqueue` the key of every service in
// `services` selecting the pod (before and after an update that changed it).
// `services` must outlive the handlers.
client::EventHandlers ServicePodHandlers(const client::Indexer& services,
                                         std::function<void(const std::string& key)> enqueue);

// A JSON object for a reference to `pod` (kind, namespace, name, uid).
JsonValue PodReference(const JsonValue& pod, JsonAllocator& a);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_ENDPOINT_SERVICE_PODS_H_

// The node ports of NodePort and LoadBalancer Services: which an update keeps
// or drops, and which a write allocates, the way upstream's Service registry
// handles them.
#ifndef EKSLITE_APISERVER_RESOURCES_SERVICE_NODE_PORTS_H_
#define EKSLITE_APISERVER_RESOURCES_SERVICE_NODE_PORTS_H_

#include <string_view>

#include "apiserver/resources/node_port_allocator.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// True for the Service types whose ports have node ports.
bool HasNodePorts(std::string_view type);

// On update from NodePort or LoadBalancer to a type without node ports:
// removes the node ports and externalTrafficPolicy the client sent back
// unchanged (upstream drops such type-dependent fields).
void DropNodePortFields(JsonValue& spec, const JsonValue& old_spec);

// On update between types with node ports: a port that leaves its nodePort
// out keeps the one the port of the same name had (unless another port now
// uses it), so `kubectl replace` of a manifest without node ports does not
// move them.
void KeepNodePorts(JsonValue& spec, const JsonValue& old_spec, JsonAllocator& a);

// Gives every port of a NodePort or LoadBalancer Service (unless
// allocateLoadBalancerNodePorts is false) a node port from `ports`, and
// checks those the client chose: in range, not another Service's, not twice
// in this one. `old_spec` is the stored spec on update (its ports stay this
// Service's), null on create. Returns kInvalid for the Service `name`.
Status AssignNodePorts(JsonValue& spec, const JsonValue* old_spec, NodePortAllocator* ports,
                       std::string_view name, JsonAllocator& a);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_SERVICE_NODE_PORTS_H_

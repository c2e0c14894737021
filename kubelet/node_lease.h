// A node's heartbeat: its Lease in kube-node-lease (coordination.k8s.io/v1),
// held by the node itself, owned by its Node (so it goes when the Node goes),
// renewed every lease_duration / 4 as upstream's kubelet does.
#ifndef EKSLITE_KUBELET_NODE_LEASE_H_
#define EKSLITE_KUBELET_NODE_LEASE_H_

#include <chrono>
#include <string>
#include <string_view>

#include "core/client/dynamic_client.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::kubelet {

inline constexpr std::string_view kNodeLeaseNamespace = "kube-node-lease";

// Renews the lease of node `node` (uid `node_uid`) at `now`, creating it
// when missing. `*exists` says whether the lease is believed to exist (it is
// created first when not, updated first when so) and is set to true on
// success. Errors as the client returns them.
Status RenewNodeLease(const client::DynamicClient& client, std::string_view node,
                      std::string_view node_uid, std::chrono::seconds duration,
                      Clock::time_point now, bool* exists);

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_NODE_LEASE_H_

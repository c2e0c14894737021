// ReplicaSet status: counts from the pods a ReplicaSet controls, the
// ReplicaFailure condition from the last attempt to create or delete pods,
// and the write that stores it only when something changed.
#ifndef EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_STATUS_H_
#define EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_STATUS_H_

#include <cstdint>
#include <vector>

#include "core/client/dynamic_client.h"
#include "core/client/object.h"
#include "core/client/resource.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::controllers {

struct ReplicaSetStatusInput {
  const std::vector<client::ObjectPtr>& pods;  // active pods the set controls
  int64_t min_ready_seconds = 0;
  Clock::time_point now;
  // The outcome of creating/deleting pods in this sync: an error sets
  // ReplicaFailure (FailedCreate or FailedDelete), success clears it.
  const Status& manage;
};

// The new .status of `rs` (a JSON object): replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas, observedGeneration, conditions.
Json CalculateReplicaSetStatus(const JsonValue& rs, const ReplicaSetStatusInput& input);

// Writes `status` of `rs`, a `resource` (ReplicaSets or
// ReplicationControllers), through the status subresource unless it equals
// what `rs` has. Errors are the client's (kConflict: the cache was stale;
// requeue).
Status WriteReplicaSetStatus(const client::DynamicClient& client,
                             const client::GroupVersionResource& resource, const JsonValue& rs,
                             const JsonValue& status);

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_STATUS_H_

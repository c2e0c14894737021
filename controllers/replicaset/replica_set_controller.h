// The ReplicaSet controller: keeps spec.replicas active pods for each
// ReplicaSet. It adopts orphan pods its selector matches and releases owned
// pods that stopped matching; creates missing pods from spec.template (named
// "<rs>-<5 random characters>", controlled by the ReplicaSet) in slow-start
// batches of 1, 2, 4, ... so a failing create costs one request, not
// hundreds; deletes surplus pods in the order pod_ranking.h defines; and
// reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
// observedGeneration and the ReplicaFailure condition in status. Events:
// SuccessfulCreate "Created pod: <name>", SuccessfulDelete "Deleted pod:
// <name>", FailedCreate / FailedDelete.
//
// The same controller keeps ReplicationControllers (core v1), as upstream's
// replication manager does: their selector is a plain label map rather than
// a LabelSelector, and everything else is the same.
#ifndef EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_CONTROLLER_H_

#include <memory>
#include <string>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/client/resource.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

// The kind a controller keeps, and how it names itself.
struct ReplicatedKind {
  client::GroupVersionResource resource;
  std::string api_version;  // of the owner references it writes
  std::string kind;
  std::string component;    // its events' source and its log's name
  bool map_selector = false;  // spec.selector is a label map (ReplicationController)
};
ReplicatedKind ReplicaSets();
ReplicatedKind ReplicationControllers();

struct ReplicaSetControllerOptions {
  ReplicatedKind kind = ReplicaSets();
  int workers = 5;
  // At most this many pods are created or deleted in one sync (upstream's
  // burstReplicas).
  int burst_replicas = 500;
  Clock* clock = &RealClock();
};

// A stopped controller; registers its informers with `informers` now. Both
// arguments must outlive it.
std::unique_ptr<Component> NewReplicaSetController(const client::DynamicClient& client,
                                                   client::InformerFactory& informers,
                                                   ReplicaSetControllerOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_REPLICASET_REPLICA_SET_CONTROLLER_H_

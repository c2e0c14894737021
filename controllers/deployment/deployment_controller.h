// The Deployment controller: rolls a Deployment's pod template out through
// ReplicaSets. The ReplicaSet whose template matches (ignoring the
// pod-template-hash label) is the new one, named "<deployment>-<hash>"; the
// others are old. RollingUpdate grows the new set and shrinks the old ones
// within maxSurge/maxUnavailable; Recreate scales the old sets to zero, waits
// for their pods to go, then scales the new one up. Scaling a deployment
// mid-rollout spreads the change proportionally. It keeps the revision,
// revision-history, desired-replicas and max-replicas annotations, deletes
// old sets beyond revisionHistoryLimit once complete, and reports status
// with the Available and Progressing conditions (progressDeadlineSeconds,
// paused) and ScalingReplicaSet events.
#ifndef EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_CONTROLLER_H_
#define EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_CONTROLLER_H_

#include <memory>

#include "core/client/dynamic_client.h"
#include "core/client/informer_factory.h"
#include "core/clock.h"
#include "core/component.h"

namespace ekslite::controllers {

struct DeploymentControllerOptions {
  int workers = 5;
  Clock* clock = &RealClock();
};

// A stopped controller; registers its informers with `informers` now. Both
// arguments must outlive it.
std::unique_ptr<Component> NewDeploymentController(const client::DynamicClient& client,
                                                   client::InformerFactory& informers,
                                                   DeploymentControllerOptions options = {});

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_CONTROLLER_H_

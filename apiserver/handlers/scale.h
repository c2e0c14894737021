// The scale subresource (an autoscaling/v1 Scale) of the resources that keep
// a replica count: Deployments, ReplicaSets, StatefulSets and
// ReplicationControllers, and custom resources whose CRD declares one.
//
// GET answers the object's Scale: metadata name, namespace, uid,
// resourceVersion and creationTimestamp of the object, spec.replicas, and
// status.replicas and status.selector (the canonical label selector string).
// PUT (a Scale body) and PATCH (merge, strategic merge or JSON patch, applied
// to the Scale) set the object's replica count through the registry, so the
// object's own rules (defaults, validation, generation) apply. A Scale that
// carries a resourceVersion other than the object's gets 409 Conflict
// (upstream's optimistic concurrency); without one the write retries on
// conflicts. Replicas below 0 are a 422 on the Scale.
#ifndef EKSLITE_APISERVER_HANDLERS_SCALE_H_
#define EKSLITE_APISERVER_HANDLERS_SCALE_H_

#include <functional>
#include <string>

#include "apiserver/resources/resource.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Renders status.selector from an object ("" when it has none).
using SelectorRenderer = std::function<std::string(const JsonValue& object)>;

// Where a resource keeps what its Scale shows. Paths are dotted member paths
// in the served object.
struct ScaleTarget {
  std::string spec_replicas = "spec.replicas";
  std::string status_replicas = "status.replicas";
  SelectorRenderer selector;  // unset: no status.selector
};

// status.selector from a metav1.LabelSelector at `path` (apps/v1 workloads).
SelectorRenderer SelectorFromLabelSelector(std::string path);
// ... from a label map at `path` (ReplicationController spec.selector).
SelectorRenderer SelectorFromLabelMap(std::string path);
// ... from a string at `path` (a CRD's labelSelectorPath).
SelectorRenderer SelectorFromString(std::string path);

// The discovery entry: scale, autoscaling/v1 Scale, get/patch/update.
SubresourceInfo ScaleSubresource();

// The handler of `.../scale` for a resource keeping its counts at `target`.
// Other verbs than get, update and patch get 405.
RequestHandler ScaleHandler(ScaleTarget target);

// The autoscaling/v1 Scale of `object` (an object as served, with its
// resourceVersion).
Json ScaleOf(const JsonValue& object, const ScaleTarget& target);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_SCALE_H_

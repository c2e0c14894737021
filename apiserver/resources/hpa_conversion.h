// HorizontalPodAutoscalers are stored as autoscaling/v2 and also served as
// autoscaling/v1, converted the way upstream converts them: v1's
// targetCPUUtilizationPercentage is v2's Resource cpu Utilization metric, and
// what v1 cannot express (other metrics, behavior, current metrics,
// conditions) travels in the annotations
//   autoscaling.alpha.kubernetes.io/metrics          (v1 MetricSpecs)
//   autoscaling.alpha.kubernetes.io/behavior         (upstream's internal
//                                                     behavior, Go field names)
//   autoscaling.alpha.kubernetes.io/current-metrics  (v1 MetricStatuses)
//   autoscaling.alpha.kubernetes.io/conditions       (v1 conditions)
// so that a read-modify-write through v1 loses nothing. Pure; thread-safe.
#ifndef EKSLITE_APISERVER_RESOURCES_HPA_CONVERSION_H_
#define EKSLITE_APISERVER_RESOURCES_HPA_CONVERSION_H_

#include "core/json.h"

namespace ekslite::apiserver {

// An autoscaling/v2 HorizontalPodAutoscaler as autoscaling/v1.
Json HpaV2ToV1(const JsonValue& v2);

// An autoscaling/v1 HorizontalPodAutoscaler as autoscaling/v2: the
// annotations above are read back (and removed); without any metric the
// result has upstream's implicit CPU 80% target.
Json HpaV1ToV2(const JsonValue& v1);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_HPA_CONVERSION_H_

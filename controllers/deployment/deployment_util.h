// The arithmetic and bookkeeping of Deployments, free of I/O so it can be
// tested alone: maxSurge/maxUnavailable resolution, the pod-template-hash,
// template comparison ignoring that hash, revision annotations, and the
// proportional share of a scale change each ReplicaSet takes.
#ifndef EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_UTIL_H_
#define EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::controllers::deployment {

inline constexpr const char* kPodTemplateHashLabel = "pod-template-hash";
inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kRevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
inline constexpr const char* kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

// Resolves an IntOrString (`value`, nullptr for absent -> `fallback`)
// against `total`: a number as is, "N%" as N% of total rounded up or down.
// kInvalid for a malformed string.
StatusOr<int64_t> ScaledValue(const JsonValue* value, std::string_view fallback, int64_t total,
                              bool round_up);

struct Fenceposts {
  int64_t max_surge = 0;
  int64_t max_unavailable = 0;
};
// maxSurge (rounded up) and maxUnavailable (rounded down) of a RollingUpdate
// deployment for `replicas`; when both come to 0, maxUnavailable is 1.
// Defaults 25% each.
Fenceposts ResolveFenceposts(const JsonValue& deployment, int64_t replicas);
// 0 unless RollingUpdate with replicas > 0; never more than replicas.
int64_t MaxUnavailable(const JsonValue& deployment);
// 0 unless RollingUpdate.
int64_t MaxSurge(const JsonValue& deployment);
bool IsRollingUpdate(const JsonValue& deployment);

// spec.replicas (default 1 for deployments; 0 when absent on a ReplicaSet
// is never the case since the server defaults it).
int64_t SpecReplicas(const JsonValue& object);

// The pod-template-hash of `template_spec` (the deployment's
// spec.template) with `collision_count`: FNV-32a of its JSON, written as
// decimal digits mapped into the safe alphabet, like "5d4f8c9b7".
std::string PodTemplateHash(const JsonValue& template_spec, std::optional<int64_t> collision_count);

// True when the two pod templates are equal once the pod-template-hash label
// is dropped from both.
bool EqualIgnoreHash(const JsonValue& a, const JsonValue& b);

// The revision annotation as a number (0 when absent or malformed).
int64_t Revision(const JsonValue& object);
// The annotation `key` of `object`, or nullopt.
std::optional<std::string_view> Annotation(const JsonValue& object, std::string_view key);

// True for annotations a deployment must not copy onto its ReplicaSets.
bool SkipCopyAnnotation(std::string_view key);

// Upstream's GetReplicaSetProportion: how many of `to_add` (negative to
// remove) replicas the set with `rs_replicas` and max-replicas annotation
// `annotated_max` (nullopt: use `status_replicas`) takes, given `added` were
// handed out already and the deployment wants `replicas` + `max_surge`.
int64_t ReplicaSetProportion(int64_t rs_replicas, std::optional<int64_t> annotated_max,
                             int64_t status_replicas, int64_t replicas, int64_t max_surge,
                             int64_t to_add, int64_t added);

// NewRSNewReplicas for RollingUpdate: how far the new set may grow given
// every set's spec.replicas total `current`.
int64_t NewReplicaSetReplicas(int64_t deployment_replicas, int64_t max_surge, int64_t current,
                              int64_t new_rs_replicas);

}  // namespace ekslite::controllers::deployment

#endif  // EKSLITE_CONTROLLERS_DEPLOYMENT_DEPLOYMENT_UTIL_H_

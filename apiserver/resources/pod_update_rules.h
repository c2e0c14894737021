// What an update may change in a pod's spec, as upstream's ValidatePodUpdate
// decides it: container and init container images, activeDeadlineSeconds,
// tolerations (existing ones kept), terminationGracePeriodSeconds (only from
// a negative value to 1) and the removal of scheduling gates. Anything else
// is refused. Binding a pod to a node goes through pods/binding.
#ifndef EKSLITE_APISERVER_RESOURCES_POD_UPDATE_RULES_H_
#define EKSLITE_APISERVER_RESOURCES_POD_UPDATE_RULES_H_

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Appends upstream's errors for changing the (defaulted) pod spec `old_spec`
// into `spec`: `spec: Forbidden: pod updates may not change fields other
// than ...` for a change outside what is allowed, and
// `spec.tolerations: Forbidden: ...` when an existing toleration went away.
void ValidatePodSpecUpdate(const JsonValue& spec, const JsonValue& old_spec,
                           api::ErrorList* errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_POD_UPDATE_RULES_H_

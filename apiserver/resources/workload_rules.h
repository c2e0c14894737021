// Validation shared by the objects that run pods from a template (apps/v1
// workloads, ReplicationControllers, Jobs, CronJobs), with upstream's field
// paths and messages, and the Go renderings of values those messages carry.
// Pure functions; thread-safe.
#ifndef EKSLITE_APISERVER_RESOURCES_WORKLOAD_RULES_H_
#define EKSLITE_APISERVER_RESOURCES_WORKLOAD_RULES_H_

#include <string>
#include <string_view>

#include "core/api/field_errors.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// A string map as Go's %#v prints it: `map[string]string{"a":"b", "c":"d"}`
// (keys sorted), `map[string]string(nil)` for an absent map.
std::string GoStringMap(const JsonValue* map);
// A metav1.LabelSelector as %#v prints it: `v1.LabelSelector{MatchLabels:
// map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
// "null" when absent.
std::string GoLabelSelector(const JsonValue* selector);

// An IntOrString as %#v prints it: `intstr.IntOrString{Type:1, IntVal:0,
// StrVal:"25%"}`.
std::string GoIntOrString(const JsonValue* value);

// The `spec.selector` (a metav1.LabelSelector) of a workload and its template
// labels: the selector is required, valid and, unless `empty_message` is "",
// not empty (`empty selector is invalid for deployment`); the labels at
// `labels_path` (spec.template.metadata.labels) must match it
// ("`selector` does not match template `labels`").
void ValidateSelectorMatchesTemplate(const JsonValue& spec, const api::FieldPath& spec_path,
                                     std::string_view empty_message,
                                     const api::FieldPath& labels_path, api::ErrorList* errors);

// The template of a controller that keeps pods running (Deployments,
// ReplicaSets, StatefulSets, DaemonSets, RCs): the pod template rules, plus
// restartPolicy Always and no activeDeadlineSeconds.
void ValidateRunningTemplate(const JsonValue* pod_template, const api::FieldPath& path,
                             api::ErrorList* errors);

// `name` of `obj`, when set, must be >= 0 ("must be greater than or equal to 0").
void ValidateNonNegative(const JsonValue& obj, std::string_view name, const api::FieldPath& path,
                         api::ErrorList* errors);

// An IntOrString that must be a non-negative integer or a percentage
// ("10%"); with `at_most_100`, percentages above 100% are refused.
void ValidateIntOrPercent(const JsonValue* value, const api::FieldPath& path, bool at_most_100,
                          api::ErrorList* errors);
// The IntOrString as a number (percentages of `total`, rounded up when
// `round_up`); 0 when absent.
int64_t ScaledIntOrPercent(const JsonValue* value, int64_t total, bool round_up);

// `field is immutable` when the member `name` differs between `now` and
// `old`; `rendered` is the new value as the message shows it.
void ValidateImmutable(const JsonValue& now, const JsonValue& old, std::string_view name,
                       const api::FieldPath& path, api::BadValue rendered,
                       api::ErrorList* errors);

// OK when `errors` is empty, else the 422 for `object` of `kind` in `group`.
Status InvalidIfAny(std::string_view kind, std::string_view group, const JsonValue& object,
                    const api::ErrorList& errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_WORKLOAD_RULES_H_

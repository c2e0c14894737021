// PodSpec rules shared by pods and by every object that embeds a pod
// template (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
// CronJobs, ReplicationControllers, PodTemplates): upstream's defaults and
// the validation the apiserver applies. Pure functions on JSON; thread-safe.
#ifndef EKSLITE_APISERVER_RESOURCES_POD_SPEC_H_
#define EKSLITE_APISERVER_RESOURCES_POD_SPEC_H_

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Upstream's PodSpec defaults (SetDefaults_PodSpec and those of the
// containers, ports and volumes in it): restartPolicy Always, dnsPolicy
// ClusterFirst, schedulerName, terminationGracePeriodSeconds 30, an empty
// securityContext, container terminationMessagePath/Policy, imagePullPolicy
// (Always for :latest or untagged images) and resources, port protocol TCP
// (and hostPort with hostNetwork), volume defaultMode 0644.
void DefaultPodSpec(JsonValue& spec, JsonAllocator& a);

// What only pods get on top (SetDefaults_Pod and the priority admission):
// enableServiceLinks true, priority 0, preemptionPolicy PreemptLowerPriority.
// Pod templates do not get these.
void DefaultPodOnlyFields(JsonValue& spec, JsonAllocator& a);

// Defaults a PodTemplateSpec ({"metadata":...,"spec":...}) in place: the
// PodSpec defaults, creating the spec when absent.
void DefaultPodTemplate(JsonValue& pod_template, JsonAllocator& a);

// Appends upstream's errors for the PodSpec `spec` at `path`: containers
// required, each with a unique DNS-label name and an image (init containers
// likewise, optional), restartPolicy one of Always, OnFailure, Never.
void ValidatePodSpec(const JsonValue& spec, const api::FieldPath& path, api::ErrorList* errors);

// Appends the errors of the PodTemplateSpec at `path` (e.g. spec.template):
// its metadata labels and annotations, then its spec (a missing template or
// spec counts as empty, so the containers are reported missing).
void ValidatePodTemplate(const JsonValue* pod_template, const api::FieldPath& path,
                         api::ErrorList* errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_POD_SPEC_H_

// The Strategies of the built-in resources beyond the core ones in
// strategies.h: workloads (apps/v1, batch/v1, ReplicationControllers,
// PodTemplates), autoscaling, policy, networking, storage, scheduling,
// node, certificates, admission registration and flow control. Each applies
// upstream's defaulters on create and update and its key validation, with
// upstream's messages.
#ifndef EKSLITE_APISERVER_RESOURCES_BUILTIN_STRATEGIES_H_
#define EKSLITE_APISERVER_RESOURCES_BUILTIN_STRATEGIES_H_

#include "apiserver/resources/resource.h"

namespace ekslite::apiserver {

// apps/v1 Deployments: replicas 1, strategy RollingUpdate 25%/25%,
// revisionHistoryLimit 10, progressDeadlineSeconds 600, template defaults;
// selector required, matching the template labels, immutable.
Strategy DeploymentStrategy();
// apps/v1 ReplicaSets: replicas 1, template defaults, status {replicas: 0};
// selector rules as Deployments.
Strategy ReplicaSetStrategy();
// apps/v1 StatefulSets: replicas 1, podManagementPolicy OrderedReady,
// updateStrategy RollingUpdate (partition 0), PVC retention Retain/Retain,
// revisionHistoryLimit 10; only replicas, ordinals, template, updateStrategy,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
Strategy StatefulSetStrategy();
// apps/v1 DaemonSets: updateStrategy RollingUpdate (maxUnavailable 1,
// maxSurge 0), revisionHistoryLimit 10; selector rules, immutable selector.
Strategy DaemonSetStrategy();
// core/v1 ReplicationControllers: selector and labels from the template
// labels when unset, replicas 1; a non-empty selector matching the template.
Strategy ReplicationControllerStrategy();
// core/v1 PodTemplates: template defaults and validation.
Strategy PodTemplateStrategy();
// batch/v1 Jobs: completions/parallelism 1, backoffLimit 6, completionMode
// NonIndexed, suspend and manualSelector false, podReplacementPolicy; the
// generated selector and controller-uid/job-name labels; restartPolicy
// OnFailure or Never; selector, completions and completionMode immutable.
Strategy JobStrategy();
// batch/v1 CronJobs: concurrencyPolicy Allow, suspend false, history limits
// 3 and 1; a valid five-field schedule without TZ.
Strategy CronJobStrategy();
// autoscaling/v2 HorizontalPodAutoscalers (the stored version): minReplicas
// 1, a CPU 80% metric when none, behavior defaults when a behavior is given;
// replica bounds, scale target and behavior validation.
Strategy HorizontalPodAutoscalerStrategy();
// policy/v1 PodDisruptionBudgets: status zeroed; minAvailable and
// maxUnavailable exclusive, ints or percentages.
Strategy PodDisruptionBudgetStrategy();
// networking.k8s.io/v1 Ingresses (pathType and backends required),
// IngressClasses (parameters scope Cluster), NetworkPolicies (policyTypes,
// port protocol TCP).
Strategy IngressStrategy();
Strategy IngressClassStrategy();
Strategy NetworkPolicyStrategy();
// core/v1 PersistentVolumes (reclaim policy Retain, volumeMode Filesystem,
// phase Pending) and PersistentVolumeClaims (volumeMode Filesystem, phase
// Pending; access modes and a storage request required).
Strategy PersistentVolumeStrategy();
Strategy PersistentVolumeClaimStrategy();
// storage.k8s.io/v1 StorageClasses (reclaimPolicy Delete, volumeBindingMode
// Immediate; provisioner required and immutable), CSIDrivers (upstream's
// spec defaults) and VolumeAttachments (status reset).
Strategy StorageClassStrategy();
Strategy CsiDriverStrategy();
Strategy VolumeAttachmentStrategy();
// scheduling.k8s.io/v1 PriorityClasses: preemptionPolicy
// PreemptLowerPriority; the system- prefix and values above one billion are
// reserved; value and preemptionPolicy immutable.
Strategy PriorityClassStrategy();
// node.k8s.io/v1 RuntimeClasses: handler required, a DNS label, immutable.
Strategy RuntimeClassStrategy();
// certificates.k8s.io/v1 CertificateSigningRequests: the requesting user in
// spec.username/uid/groups, status cleared on create; request, signerName
// and usages required; the spec is immutable.
Strategy CertificateSigningRequestStrategy();
// admissionregistration.k8s.io/v1 webhook configurations and validating
// admission policies (and bindings): upstream's defaults (failurePolicy
// Fail, matchPolicy Equivalent, empty selectors, timeoutSeconds 10, rule
// scope "*", reinvocationPolicy Never for mutating webhooks).
Strategy WebhookConfigurationStrategy(bool mutating);
Strategy ValidatingAdmissionPolicyStrategy();
Strategy ValidatingAdmissionPolicyBindingStrategy();
// flowcontrol.apiserver.k8s.io/v1 FlowSchemas and
// PriorityLevelConfigurations: upstream's defaults.
Strategy FlowSchemaStrategy();
Strategy PriorityLevelConfigurationStrategy();

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_BUILTIN_STRATEGIES_H_

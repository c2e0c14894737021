// What makes a DaemonSet's pod: where it may run (the template's
// nodeSelector, required node affinity and the taints its tolerations
// tolerate, with the tolerations upstream adds to every daemon pod) and the
// pod itself, pinned to its node by node affinity on metadata.name so the
// scheduler binds it there.
#ifndef EKSLITE_CONTROLLERS_DAEMONSET_DAEMON_PODS_H_
#define EKSLITE_CONTROLLERS_DAEMONSET_DAEMON_PODS_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

namespace ekslite::controllers::daemonset {

// True when a pod with `pod_spec` (a daemon pod's spec, tolerations
// included) fits `node`: node selector, required node affinity, and no
// NoSchedule or NoExecute taint left untolerated.
bool ShouldRunOnNode(const JsonValue& pod_spec, const JsonValue& node);

// The template's spec with the daemon tolerations added: not-ready and
// unreachable (NoExecute, no time limit), disk-, memory- and pid-pressure and
// unschedulable (NoSchedule), and network-unavailable for hostNetwork pods.
Json DaemonPodSpec(const JsonValue& daemonset);

// The node a daemon pod is for: spec.nodeName, else the metadata.name its
// required node affinity names.
std::string NodeOfPod(const JsonValue& pod);

// A new pod of `daemonset` for `node`, labelled with `revision_hash`
// (controller-revision-hash) and the pod-template-generation.
Json PodForNode(const JsonValue& daemonset, const JsonValue& daemon_spec, std::string_view node,
                std::string_view revision_hash);

}  // namespace ekslite::controllers::daemonset

#endif  // EKSLITE_CONTROLLERS_DAEMONSET_DAEMON_PODS_H_

// The simulated runtime: containers that run no process. How each one
// behaves comes only from the pod's spec and these annotations (a key with a
// ".<container>" suffix applies to that container and wins over the plain
// key, e.g. "sim.ekslite.io/exit-code.web"):
//
//   sim.ekslite.io/exit-after   a duration ("3s", "500ms", "1m30s"): the
//                               container exits this long after each start.
//   sim.ekslite.io/exit-code    the exit code it exits with (default 0).
//   sim.ekslite.io/ready        "false": its readiness probe never passes.
//   sim.ekslite.io/live         "false": its liveness probe never passes.
//
// Without exit-after, a container of a restartPolicy Always pod (and a
// sidecar, an init container with restartPolicy Always) runs until the pod is
// deleted; any other container exits after 1s. Probes pass at their first
// run (initialDelaySeconds after the start) unless an annotation says
// otherwise: a startupProbe holds back readiness and liveness until it
// passes; a container with a readinessProbe becomes ready when it passes, one
// without as soon as it has started; a failing livenessProbe gets the
// container killed (exit code 137) after failureThreshold failed probes,
// periodSeconds apart. Stateless: every answer is computed, so a node holds
// nothing per container.
#ifndef EKSLITE_KUBELET_SIMULATED_RUNTIME_H_
#define EKSLITE_KUBELET_SIMULATED_RUNTIME_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "kubelet/runtime.h"

namespace ekslite::kubelet {

inline constexpr std::string_view kExitAfterAnnotation = "sim.ekslite.io/exit-after";
inline constexpr std::string_view kExitCodeAnnotation = "sim.ekslite.io/exit-code";
inline constexpr std::string_view kReadyAnnotation = "sim.ekslite.io/ready";
inline constexpr std::string_view kLiveAnnotation = "sim.ekslite.io/live";

// The exit code of a container killed after its liveness probe failed.
inline constexpr int kKilledExitCode = 137;

// How long a container that exits by default runs.
inline constexpr std::chrono::seconds kDefaultRunTime{1};

// "3s", "500ms", "1m30s", "2h", "0" -> the duration; nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseSimDuration(std::string_view text);

std::unique_ptr<Runtime> NewSimulatedRuntime();

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_SIMULATED_RUNTIME_H_

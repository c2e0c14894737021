// Runtime: the seam between the kubelet's pod logic (which containers run
// when, restart policy, back-off, phases and conditions, the status written
// to the API) and how a container actually runs. The simulated runtime
// (simulated_runtime.h) decides everything from the pod's spec and
// annotations and runs nothing; a sandbox runtime would start real
// processes. Both answer the same three questions: start this container,
// what has become of it by now, and stop the pod.
#ifndef EKSLITE_KUBELET_RUNTIME_H_
#define EKSLITE_KUBELET_RUNTIME_H_

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::kubelet {

// One started container, as the runtime names it.
struct StartedContainer {
  std::string container_id;  // "<runtime>://<id>", the status's containerID
  std::string image;         // the image as the status reports it
  std::string image_id;      // the status's imageID
};

// What a container has become by a given time.
struct ContainerObservation {
  bool exited = false;
  Clock::time_point finished_at;  // when it exited (set when `exited`)
  int exit_code = 0;
  // Set with `exited` when the kubelet killed it because its liveness probe
  // failed (it is then restarted as its restart policy says).
  bool liveness_failed = false;
  // Past its startup probe (true when it has none; meaningless once exited).
  bool started = false;
  // Passing its readiness checks (meaningless once exited).
  bool ready = false;
  // The earliest time at which the answer may change (exit or readiness),
  // or time_point::max() when the runtime cannot tell in advance (it then
  // asks its owner to look again some other way).
  Clock::time_point next_change = Clock::time_point::max();
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // A short name, e.g. "simulated".
  virtual std::string_view name() const = 0;
  // containerRuntimeVersion in each node's nodeInfo.
  virtual std::string version() const = 0;

  // Starts attempt `attempt` (0 = the first run, then one per restart) of
  // `container` (an element of spec.containers or spec.initContainers) of
  // `pod` at `now`. Errors are reported in the container's waiting state.
  // Thread-safe; calls for different pods may run concurrently.
  virtual StatusOr<StartedContainer> StartContainer(const JsonValue& pod,
                                                    const JsonValue& container, int attempt,
                                                    Clock::time_point now) = 0;

  // What has become, by `now`, of the container started at `started_at`
  // with id `container_id`. A pure question: asking twice gives the same
  // answer. Thread-safe.
  virtual ContainerObservation Observe(const JsonValue& pod, const JsonValue& container,
                                       std::string_view container_id, Clock::time_point started_at,
                                       Clock::time_point now) = 0;

  // Stops every container of the pod with uid `pod_uid` and frees what it
  // holds. Idempotent. Thread-safe.
  virtual void StopPod(std::string_view pod_uid) = 0;
};

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_RUNTIME_H_

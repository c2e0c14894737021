// PodLifecycle: the kubelet's rules for one pod, as a state machine over
// time. Given the pod's spec and a Runtime, Advance(now) starts init
// containers one after another (sidecars, init containers with restartPolicy
// Always, start and keep running), then the app containers; notices exits;
// restarts what the restart policy says to restart with upstream's back-off
// (the first restart at once, then 10s doubling to 5m, reset after a run of
// 10m; the container waits in CrashLoopBackOff meanwhile); and decides the
// phase: Pending until the init containers finish, Running, then Succeeded
// or Failed once no container runs or will run again.
//
// Every transition happens at its own time (an exit at the start plus the run
// time, a restart at the exit plus the back-off), so advancing in one big
// step gives the same history as many small ones. Not thread-safe: one pod
// worker owns each lifecycle.
#ifndef EKSLITE_KUBELET_POD_LIFECYCLE_H_
#define EKSLITE_KUBELET_POD_LIFECYCLE_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "kubelet/runtime.h"

namespace ekslite::kubelet {

// Upstream kubelet's container restart back-off.
inline constexpr std::chrono::seconds kInitialBackOff{10};
inline constexpr std::chrono::seconds kMaxBackOff{300};
// A container that ran this long before exiting starts over at no back-off.
inline constexpr std::chrono::seconds kBackOffResetAfter{600};

// An Event for the pod, as the kubelet reports it.
struct PodEvent {
  std::string_view type;  // client::kEventNormal or kEventWarning
  std::string reason;     // "Pulled", "Created", "Started", "BackOff", "Killing"
  std::string message;
};

// One container's runs.
struct ContainerRun {
  enum class State : uint8_t { kWaiting, kRunning, kBackOff, kExited };
  State state = State::kWaiting;
  bool started = false;  // past its startup probe
  bool ready = false;
  int restart_count = 0;
  int failures = 0;  // exits counted towards the back-off since its reset
  std::chrono::seconds backoff{0};
  Clock::time_point started_at{};
  Clock::time_point finished_at{};
  Clock::time_point retry_at{};
  int exit_code = 0;
  StartedContainer ids;
  std::string start_error;  // why the runtime could not start it ("" = none)
  // The run before the current one (lastState), when there was one.
  bool has_last = false;
  Clock::time_point last_started_at{};
  Clock::time_point last_finished_at{};
  int last_exit_code = 0;
  std::string last_container_id;
};

enum class PodPhase : uint8_t { kPending, kRunning, kSucceeded, kFailed };
std::string_view PodPhaseName(PodPhase phase);

class PodLifecycle {
 public:
  // A pod the node starts at `start` (its status.startTime).
  PodLifecycle(const JsonValue& pod, Clock::time_point start);

  // Takes over a pod this node ran before a restart, from the status it
  // wrote then: running containers keep running from their startedAt,
  // finished ones stay finished, restart counts carry on.
  static PodLifecycle Adopt(const JsonValue& pod, Clock::time_point start);

  // Advances to `now` through `runtime` (starts, exits, restarts), adding
  // what happened to `events`. `pod` must be the pod this was made for.
  void Advance(const JsonValue& pod, Runtime& runtime, Clock::time_point now,
               std::vector<PodEvent>* events);

  // When Advance next has something to do (time_point::max() when nothing).
  Clock::time_point next_wakeup() const { return next_wakeup_; }
  PodPhase phase() const { return phase_; }
  bool terminal() const { return phase_ == PodPhase::kSucceeded || phase_ == PodPhase::kFailed; }
  Clock::time_point start() const { return start_; }
  bool initialized() const { return initialized_; }
  Clock::time_point initialized_at() const { return initialized_at_; }
  // All app containers (and sidecars) run and are ready.
  bool containers_ready() const { return ready_; }
  Clock::time_point ready_changed_at() const { return ready_changed_at_; }
  const std::vector<ContainerRun>& init_runs() const { return init_; }
  const std::vector<ContainerRun>& runs() const { return main_; }

  // Containers that are running (for Killing events on deletion).
  std::vector<std::string> RunningContainers(const JsonValue& pod) const;

 private:
  PodLifecycle() = default;

  // Runs `run` of `container` forward to `now`.
  void Step(const JsonValue& pod, const JsonValue& container, ContainerRun& run, bool init,
            Runtime& runtime, Clock::time_point now, std::vector<PodEvent>* events);
  void StartRun(const JsonValue& pod, const JsonValue& container, ContainerRun& run,
                Runtime& runtime, Clock::time_point at, std::vector<PodEvent>* events);
  bool ShouldRestart(const JsonValue& pod, const JsonValue& container, bool init,
                     int exit_code) const;
  // Moves the init containers on; true once they are all done.
  bool AdvanceInit(const JsonValue& pod, Runtime& runtime, Clock::time_point now,
                   std::vector<PodEvent>* events);
  void UpdatePhase(const JsonValue& pod, Clock::time_point now);

  Clock::time_point start_{};
  std::vector<ContainerRun> init_;
  std::vector<ContainerRun> main_;
  bool initialized_ = false;
  Clock::time_point initialized_at_{};
  bool init_failed_ = false;
  PodPhase phase_ = PodPhase::kPending;
  bool ready_ = false;
  Clock::time_point ready_changed_at_{};
  Clock::time_point next_wakeup_ = Clock::time_point::max();
};

// Go's duration text for whole seconds: "10s", "1m20s", "5m0s".
std::string FormatGoSeconds(std::chrono::seconds d);
// "name_namespace(uid)", how the kubelet names a pod in messages.
std::string PodDescription(const JsonValue& pod);

}  // namespace ekslite::kubelet

#endif  // EKSLITE_KUBELET_POD_LIFECYCLE_H_

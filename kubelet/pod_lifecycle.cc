#include "kubelet/pod_lifecycle.h"

#include <algorithm>

#include "core/client/event_recorder.h"

namespace ekslite::kubelet {
namespace {

using State = ContainerRun::State;

// Transitions one Advance may make; ends a loop on a container that exits
// at once forever (the back-off bounds it anyway).
constexpr int kMaxStepsPerContainer = 10000;

const JsonValue& EmptyArray() {
  static const JsonValue empty(rapidjson::kArrayType);
  return empty;
}

const JsonValue& Containers(const JsonValue& pod, std::string_view field) {
  const JsonValue* spec = Member(pod, "spec");
  const JsonValue* list = spec == nullptr ? nullptr : Member(*spec, field);
  return list != nullptr && list->IsArray() ? *list : EmptyArray();
}

bool IsSidecar(const JsonValue& container) {
  return StringAt(container, "restartPolicy") == "Always";
}

bool ParseTime(const JsonValue& object, std::string_view dotted, Clock::time_point* out) {
  std::string_view text = StringAt(object, dotted);
  return !text.empty() && ParseRfc3339(text, out);
}

// Takes over one container from its status entry.
ContainerRun AdoptRun(const JsonValue* status, Clock::time_point now) {
  ContainerRun run;
  if (status == nullptr) return run;
  run.restart_count = static_cast<int>(IntAt(*status, "restartCount").value_or(0));
  // The back-off goes on where it was (upstream keeps it across a restart
  // only in memory; this is as close as the status allows).
  run.failures = std::min(run.restart_count, 9);
  run.ids.container_id = std::string(StringAt(*status, "containerID"));
  run.ids.image = std::string(StringAt(*status, "image"));
  run.ids.image_id = std::string(StringAt(*status, "imageID"));
  if (ParseTime(*status, "state.running.startedAt", &run.started_at)) {
    run.state = State::kRunning;
  } else if (Path(*status, "state.terminated") != nullptr) {
    run.state = State::kExited;
    ParseTime(*status, "state.terminated.startedAt", &run.started_at);
    ParseTime(*status, "state.terminated.finishedAt", &run.finished_at);
    run.exit_code = static_cast<int>(IntAt(*status, "state.terminated.exitCode").value_or(0));
    run.ids.container_id = std::string(StringAt(*status, "state.terminated.containerID"));
  } else if (StringAt(*status, "state.waiting.reason") == "CrashLoopBackOff") {
    run.state = State::kBackOff;
    run.failures = std::max(run.failures, 1);
    run.retry_at = now + kInitialBackOff;
    run.backoff = kInitialBackOff;
  }
  if (const JsonValue* last = Path(*status, "lastState.terminated"); last != nullptr) {
    run.has_last = true;
    ParseTime(*last, "startedAt", &run.last_started_at);
    ParseTime(*last, "finishedAt", &run.last_finished_at);
    run.last_exit_code = static_cast<int>(IntAt(*last, "exitCode").value_or(0));
    run.last_container_id = std::string(StringAt(*last, "containerID"));
    if (run.state == State::kBackOff) run.finished_at = run.last_finished_at;
  }
  return run;
}

const JsonValue* FindStatus(const JsonValue& pod, std::string_view list, std::string_view name) {
  const JsonValue* statuses = Path(pod, list);
  if (statuses == nullptr || !statuses->IsArray()) return nullptr;
  for (const JsonValue& s : statuses->GetArray()) {
    if (StringAt(s, "name") == name) return &s;
  }
  return nullptr;
}

}  // namespace

std::string_view PodPhaseName(PodPhase phase) {
  switch (phase) {
    case PodPhase::kPending:
      return "Pending";
    case PodPhase::kRunning:
      return "Running";
    case PodPhase::kSucceeded:
      return "Succeeded";
    case PodPhase::kFailed:
      return "Failed";
  }
  return "Unknown";
}

std::string FormatGoSeconds(std::chrono::seconds d) {
  int64_t s = d.count();
  if (s < 60) return std::to_string(s) + "s";
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  out += std::to_string((s % 3600) / 60) + "m" + std::to_string(s % 60) + "s";
  return out;
}

std::string PodDescription(const JsonValue& pod) {
  return std::string(StringAt(pod, "metadata.name")) + "_" +
         std::string(StringAt(pod, "metadata.namespace")) + "(" +
         std::string(StringAt(pod, "metadata.uid")) + ")";
}

PodLifecycle::PodLifecycle(const JsonValue& pod, Clock::time_point start)
    : start_(start),
      init_(Containers(pod, "initContainers").Size()),
      main_(Containers(pod, "containers").Size()),
      ready_changed_at_(start) {}

PodLifecycle PodLifecycle::Adopt(const JsonValue& pod, Clock::time_point start) {
  PodLifecycle life(pod, start);
  Clock::time_point now = start;
  const JsonValue& inits = Containers(pod, "initContainers");
  for (rapidjson::SizeType i = 0; i < inits.Size(); ++i) {
    life.init_[i] =
        AdoptRun(FindStatus(pod, "status.initContainerStatuses", StringAt(inits[i], "name")), now);
  }
  const JsonValue& mains = Containers(pod, "containers");
  for (rapidjson::SizeType i = 0; i < mains.Size(); ++i) {
    life.main_[i] =
        AdoptRun(FindStatus(pod, "status.containerStatuses", StringAt(mains[i], "name")), now);
  }
  std::string_view phase = StringAt(pod, "status.phase");
  if (phase == "Succeeded") life.phase_ = PodPhase::kSucceeded;
  if (phase == "Failed") life.phase_ = PodPhase::kFailed;
  if (const JsonValue* conditions = Path(pod, "status.conditions");
      conditions != nullptr && conditions->IsArray()) {
    for (const JsonValue& c : conditions->GetArray()) {
      if (StringAt(c, "type") != "Initialized" || StringAt(c, "status") != "True") continue;
      life.initialized_ = true;
      if (!ParseTime(c, "lastTransitionTime", &life.initialized_at_)) life.initialized_at_ = start;
    }
  }
  if (life.terminal()) life.initialized_ = true;
  return life;
}

bool PodLifecycle::ShouldRestart(const JsonValue& pod, const JsonValue& container, bool init,
                                 int exit_code) const {
  if (init && IsSidecar(container)) return !terminal();
  std::string_view policy = StringAt(pod, "spec.restartPolicy", "Always");
  if (init) return exit_code != 0 && policy != "Never";
  if (policy == "Always") return true;
  if (policy == "OnFailure") return exit_code != 0;
  return false;
}

void PodLifecycle::StartRun(const JsonValue& pod, const JsonValue& container, ContainerRun& run,
                            Runtime& runtime, Clock::time_point at, std::vector<PodEvent>* events) {
  std::string_view name = StringAt(container, "name");
  std::string_view image = StringAt(container, "image");
  bool restart = run.state == State::kBackOff;
  if (restart) {
    run.has_last = true;
    run.last_started_at = run.started_at;
    run.last_finished_at = run.finished_at;
    run.last_exit_code = run.exit_code;
    run.last_container_id = run.ids.container_id;
    ++run.restart_count;
  }
  StatusOr<StartedContainer> started =
      runtime.StartContainer(pod, container, run.restart_count, at);
  if (!started.ok()) {
    run.start_error = started.status().message();
    events->push_back({client::kEventWarning, "Failed", "Error: " + run.start_error});
    return;
  }
  run.start_error.clear();
  run.ids = std::move(*started);
  run.state = State::kRunning;
  run.ready = false;
  run.started_at = at;
  events->push_back({client::kEventNormal, "Pulled",
                     "Container image \"" + std::string(image) + "\" already present on machine"});
  events->push_back({client::kEventNormal, "Created", "Created container: " + std::string(name)});
  events->push_back({client::kEventNormal, "Started", "Started container " + std::string(name)});
}

void PodLifecycle::Step(const JsonValue& pod, const JsonValue& container, ContainerRun& run,
                        bool init, Runtime& runtime, Clock::time_point now,
                        std::vector<PodEvent>* events) {
  for (int steps = 0; steps < kMaxStepsPerContainer; ++steps) {
    if (run.state == State::kRunning) {
      ContainerObservation obs =
          runtime.Observe(pod, container, run.ids.container_id, run.started_at, now);
      if (!obs.exited) {
        run.started = obs.started;
        run.ready = obs.ready;
        next_wakeup_ = std::min(next_wakeup_, obs.next_change);
        return;
      }
      run.state = State::kExited;
      run.ready = false;
      run.started = false;
      run.finished_at = obs.finished_at;
      run.exit_code = obs.exit_code;
      const bool restart = ShouldRestart(pod, container, init, run.exit_code);
      if (obs.liveness_failed) {
        events->push_back({client::kEventWarning, "Unhealthy",
                           "Liveness probe failed: simulated failure (sim.ekslite.io/live)"});
        events->push_back({client::kEventNormal, "Killing",
                           "Container " + std::string(StringAt(container, "name")) +
                               " failed liveness probe" + (restart ? ", will be restarted" : "")});
      }
      if (!restart) return;
      // Back-off as upstream keeps it: per container, measured from the exit.
      if (run.finished_at - run.started_at >= kBackOffResetAfter) run.failures = 0;
      run.backoff = run.failures == 0
                        ? std::chrono::seconds(0)
                        : std::min<std::chrono::seconds>(
                              kInitialBackOff * (1 << std::min(run.failures - 1, 8)), kMaxBackOff);
      ++run.failures;
      run.retry_at = run.finished_at + run.backoff;
      run.state = State::kBackOff;
      if (run.retry_at > now) {
        events->push_back({client::kEventWarning, "BackOff",
                           "Back-off restarting failed container " +
                               std::string(StringAt(container, "name")) + " in pod " +
                               PodDescription(pod)});
      }
    }
    if (run.state == State::kBackOff) {
      if (run.retry_at > now) {
        next_wakeup_ = std::min(next_wakeup_, run.retry_at);
        return;
      }
      StartRun(pod, container, run, runtime, run.retry_at, events);
      if (run.state != State::kRunning) return;
      continue;
    }
    return;
  }
}

bool PodLifecycle::AdvanceInit(const JsonValue& pod, Runtime& runtime, Clock::time_point now,
                               std::vector<PodEvent>* events) {
  const JsonValue& inits = Containers(pod, "initContainers");
  Clock::time_point cursor = start_;
  for (rapidjson::SizeType i = 0; i < inits.Size() && i < init_.size(); ++i) {
    ContainerRun& run = init_[i];
    if (run.state == State::kWaiting) StartRun(pod, inits[i], run, runtime, cursor, events);
    Step(pod, inits[i], run, /*init=*/true, runtime, now, events);
    if (IsSidecar(inits[i])) {
      // The next init container starts once the sidecar has started.
      if (run.state == State::kWaiting) return false;
      if (run.restart_count == 0) cursor = std::max(cursor, run.started_at);
      continue;
    }
    if (run.state == State::kExited && run.exit_code == 0) {
      cursor = std::max(cursor, run.finished_at);
      continue;
    }
    if (run.state == State::kExited) init_failed_ = true;
    return false;
  }
  initialized_at_ = cursor;
  return true;
}

void PodLifecycle::Advance(const JsonValue& pod, Runtime& runtime, Clock::time_point now,
                           std::vector<PodEvent>* events) {
  next_wakeup_ = Clock::time_point::max();
  if (terminal()) return;
  if (!initialized_ && !init_failed_) initialized_ = AdvanceInit(pod, runtime, now, events);
  if (initialized_) {
    // Sidecars keep running (and restarting) next to the app containers.
    const JsonValue& inits = Containers(pod, "initContainers");
    for (rapidjson::SizeType i = 0; i < inits.Size() && i < init_.size(); ++i) {
      if (IsSidecar(inits[i])) Step(pod, inits[i], init_[i], true, runtime, now, events);
    }
    const JsonValue& mains = Containers(pod, "containers");
    for (rapidjson::SizeType i = 0; i < mains.Size() && i < main_.size(); ++i) {
      ContainerRun& run = main_[i];
      if (run.state == State::kWaiting && run.start_error.empty()) {
        StartRun(pod, mains[i], run, runtime, initialized_at_, events);
      }
      Step(pod, mains[i], run, /*init=*/false, runtime, now, events);
    }
  }
  UpdatePhase(pod, now);
  if (terminal()) next_wakeup_ = Clock::time_point::max();
}

void PodLifecycle::UpdatePhase(const JsonValue& pod, Clock::time_point now) {
  bool ready = initialized_ && !main_.empty();
  bool all_exited = initialized_ && !main_.empty();
  bool any_failed = false;
  Clock::time_point last_exit = initialized_at_;
  for (const ContainerRun& run : main_) {
    ready &= run.state == State::kRunning && run.ready;
    all_exited &= run.state == State::kExited;
    any_failed |= run.state == State::kExited && run.exit_code != 0;
    if (run.state == State::kExited) last_exit = std::max(last_exit, run.finished_at);
  }
  const JsonValue& inits = Containers(pod, "initContainers");
  for (rapidjson::SizeType i = 0; i < inits.Size() && i < init_.size(); ++i) {
    if (IsSidecar(inits[i])) ready &= init_[i].state == State::kRunning && init_[i].ready;
  }
  if (init_failed_) {
    phase_ = PodPhase::kFailed;
  } else if (!initialized_) {
    phase_ = PodPhase::kPending;
  } else if (all_exited) {
    phase_ = any_failed ? PodPhase::kFailed : PodPhase::kSucceeded;
    // The app containers are done: the sidecars are stopped with them.
    for (ContainerRun& run : init_) {
      if (run.state == State::kRunning || run.state == State::kBackOff) {
        run.state = State::kExited;
        run.finished_at = last_exit;
        run.exit_code = 0;
        run.ready = false;
      }
    }
  } else {
    phase_ = PodPhase::kRunning;
  }
  if (terminal()) ready = false;
  if (ready != ready_) {
    ready_ = ready;
    ready_changed_at_ = now;
  }
}

std::vector<std::string> PodLifecycle::RunningContainers(const JsonValue& pod) const {
  std::vector<std::string> names;
  const JsonValue& mains = Containers(pod, "containers");
  for (rapidjson::SizeType i = 0; i < mains.Size() && i < main_.size(); ++i) {
    if (main_[i].state == State::kRunning) names.emplace_back(StringAt(mains[i], "name"));
  }
  const JsonValue& inits = Containers(pod, "initContainers");
  for (rapidjson::SizeType i = 0; i < inits.Size() && i < init_.size(); ++i) {
    if (init_[i].state == State::kRunning) names.emplace_back(StringAt(inits[i], "name"));
  }
  return names;
}

}  // namespace ekslite::kubelet

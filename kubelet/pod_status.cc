#include "kubelet/pod_status.h"

namespace ekslite::kubelet {
namespace {

using State = ContainerRun::State;

JsonValue Str(std::string_view s, JsonAllocator& a) { return MakeString(s, a); }

JsonValue Time(Clock::time_point t, JsonAllocator& a) { return Str(FormatRfc3339(t), a); }

JsonValue Condition(std::string_view type, bool status, Clock::time_point since,
                    std::string_view reason, std::string_view message, JsonAllocator& a) {
  JsonValue c(rapidjson::kObjectType);
  c.AddMember("type", Str(type, a), a);
  c.AddMember("status", Str(status ? "True" : "False", a), a);
  c.AddMember("lastProbeTime", JsonValue(rapidjson::kNullType), a);
  c.AddMember("lastTransitionTime", Time(since, a), a);
  if (!reason.empty()) c.AddMember("reason", Str(reason, a), a);
  if (!message.empty()) c.AddMember("message", Str(message, a), a);
  return c;
}

JsonValue Terminated(int exit_code, Clock::time_point started, Clock::time_point finished,
                     std::string_view container_id, JsonAllocator& a) {
  JsonValue t(rapidjson::kObjectType);
  t.AddMember("exitCode", exit_code, a);
  t.AddMember("reason", Str(exit_code == 0 ? "Completed" : "Error", a), a);
  t.AddMember("startedAt", Time(started, a), a);
  t.AddMember("finishedAt", Time(finished, a), a);
  if (!container_id.empty()) t.AddMember("containerID", Str(container_id, a), a);
  return t;
}

JsonValue Waiting(std::string_view reason, std::string_view message, JsonAllocator& a) {
  JsonValue w(rapidjson::kObjectType);
  w.AddMember("reason", Str(reason, a), a);
  if (!message.empty()) w.AddMember("message", Str(message, a), a);
  JsonValue state(rapidjson::kObjectType);
  state.AddMember("waiting", w, a);
  return state;
}

JsonValue ContainerStatus(const JsonValue& pod, const JsonValue& container, const ContainerRun& run,
                          std::string_view waiting_reason, JsonAllocator& a) {
  std::string_view name = StringAt(container, "name");
  JsonValue s(rapidjson::kObjectType);
  s.AddMember("name", Str(name, a), a);
  JsonValue state(rapidjson::kObjectType);
  switch (run.state) {
    case State::kWaiting:
      state = run.start_error.empty() ? Waiting(waiting_reason, "", a)
                                      : Waiting("CreateContainerError", run.start_error, a);
      break;
    case State::kRunning: {
      JsonValue running(rapidjson::kObjectType);
      running.AddMember("startedAt", Time(run.started_at, a), a);
      state.AddMember("running", running, a);
      break;
    }
    case State::kBackOff:
      state = Waiting("CrashLoopBackOff",
                      "back-off " + FormatGoSeconds(run.backoff) + " restarting failed container=" +
                          std::string(name) + " pod=" + PodDescription(pod),
                      a);
      break;
    case State::kExited:
      state.AddMember(
          "terminated",
          Terminated(run.exit_code, run.started_at, run.finished_at, run.ids.container_id, a), a);
      break;
  }
  s.AddMember("state", state, a);
  JsonValue last(rapidjson::kObjectType);
  if (run.has_last) {
    last.AddMember("terminated",
                   Terminated(run.last_exit_code, run.last_started_at, run.last_finished_at,
                              run.last_container_id, a),
                   a);
  }
  s.AddMember("lastState", last, a);
  s.AddMember("ready", run.state == State::kRunning && run.ready, a);
  s.AddMember("restartCount", run.restart_count, a);
  std::string_view image = run.ids.image.empty() ? StringAt(container, "image") : run.ids.image;
  s.AddMember("image", Str(image, a), a);
  s.AddMember("imageID", Str(run.ids.image_id, a), a);
  if (!run.ids.container_id.empty() && run.state != State::kWaiting) {
    s.AddMember("containerID", Str(run.ids.container_id, a), a);
  }
  s.AddMember("started", run.state == State::kRunning && run.started, a);
  return s;
}

// "[a b]" of the containers in `list` whose run fails `ok`.
template <typename Pred>
std::string Names(const JsonValue* list, const std::vector<ContainerRun>& runs, Pred ok) {
  std::string names;
  if (list == nullptr || !list->IsArray()) return names;
  for (rapidjson::SizeType i = 0; i < list->Size() && i < runs.size(); ++i) {
    if (ok((*list)[i], runs[i])) continue;
    if (!names.empty()) names += " ";
    names += std::string(StringAt((*list)[i], "name"));
  }
  return names;
}

bool IsKubeletCondition(std::string_view type) {
  return type == "PodReadyToStartContainers" || type == "Initialized" || type == "Ready" ||
         type == "ContainersReady" || type == "PodScheduled";
}

// The status of condition `type` in the pod's current status ("" if none).
std::string_view CurrentCondition(const JsonValue& pod, std::string_view type) {
  const JsonValue* conditions = Path(pod, "status.conditions");
  if (conditions == nullptr || !conditions->IsArray()) return "";
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == type) return StringAt(c, "status");
  }
  return "";
}

// Why the readiness gates hold the pod back ("" when they all pass).
std::string GateProblem(const JsonValue& pod) {
  const JsonValue* gates = Path(pod, "spec.readinessGates");
  if (gates == nullptr || !gates->IsArray()) return "";
  for (const JsonValue& gate : gates->GetArray()) {
    std::string_view type = StringAt(gate, "conditionType");
    std::string_view status = CurrentCondition(pod, type);
    if (status.empty()) {
      return "corresponding condition of pod readiness gate \"" + std::string(type) +
             "\" does not exist.";
    }
    if (status != "True") {
      return "the status of pod readiness gate \"" + std::string(type) +
             "\" is not \"True\", but " + std::string(status);
    }
  }
  return "";
}

JsonValue Conditions(const JsonValue& pod, const PodLifecycle& life, JsonAllocator& a) {
  JsonValue conditions(rapidjson::kArrayType);
  conditions.PushBack(Condition("PodReadyToStartContainers", true, life.start(), "", "", a), a);
  if (life.initialized()) {
    conditions.PushBack(Condition("Initialized", true, life.initialized_at(), "", "", a), a);
  } else {
    std::string pending = Names(Path(pod, "spec.initContainers"), life.init_runs(),
                                [](const JsonValue& c, const ContainerRun& r) {
                                  return r.state == State::kExited && r.exit_code == 0;
                                });
    conditions.PushBack(Condition("Initialized", false, life.start(), "ContainersNotInitialized",
                                  "containers with incomplete status: [" + pending + "]", a),
                        a);
  }
  std::string reason;
  std::string message;
  if (life.terminal()) {
    reason = "PodCompleted";
  } else if (!life.containers_ready()) {
    reason = "ContainersNotReady";
    message = "containers with unready status: [" +
              Names(Path(pod, "spec.containers"), life.runs(),
                    [](const JsonValue&, const ContainerRun& r) {
                      return r.state == State::kRunning && r.ready;
                    }) +
              "]";
  }
  bool containers_ready = life.containers_ready();
  // Ready also waits for the readiness gates other controllers set.
  std::string gate_problem = containers_ready ? GateProblem(pod) : "";
  bool ready = containers_ready && gate_problem.empty();
  if (!gate_problem.empty()) {
    conditions.PushBack(Condition("Ready", false, life.ready_changed_at(), "ReadinessGatesNotReady",
                                  gate_problem, a),
                        a);
  } else {
    conditions.PushBack(Condition("Ready", ready, life.ready_changed_at(), reason, message, a), a);
  }
  conditions.PushBack(
      Condition("ContainersReady", containers_ready, life.ready_changed_at(), reason, message, a),
      a);
  conditions.PushBack(Condition("PodScheduled", true, life.start(), "", "", a), a);
  // The status is merge-patched, which replaces the whole list: keep the
  // conditions others wrote (readiness gates, DisruptionTarget).
  if (const JsonValue* current = Path(pod, "status.conditions");
      current != nullptr && current->IsArray()) {
    for (const JsonValue& c : current->GetArray()) {
      if (!IsKubeletCondition(StringAt(c, "type"))) conditions.PushBack(JsonValue(c, a), a);
    }
  }
  return conditions;
}

JsonValue Ips(std::string_view ip, JsonAllocator& a) {
  JsonValue list(rapidjson::kArrayType);
  JsonValue entry(rapidjson::kObjectType);
  entry.AddMember("ip", Str(ip, a), a);
  list.PushBack(entry, a);
  return list;
}

}  // namespace

JsonValue BuildPodStatus(const JsonValue& pod, const PodLifecycle& life,
                         const PodAddresses& addresses, JsonAllocator& a) {
  JsonValue status(rapidjson::kObjectType);
  status.AddMember("phase", Str(PodPhaseName(life.phase()), a), a);
  status.AddMember("conditions", Conditions(pod, life, a), a);
  if (!addresses.host_ip.empty()) {
    status.AddMember("hostIP", Str(addresses.host_ip, a), a);
    status.AddMember("hostIPs", Ips(addresses.host_ip, a), a);
  }
  if (!addresses.pod_ip.empty()) {
    status.AddMember("podIP", Str(addresses.pod_ip, a), a);
    status.AddMember("podIPs", Ips(addresses.pod_ip, a), a);
  }
  status.AddMember("startTime", Time(life.start(), a), a);
  for (auto [field, key, runs] :
       {std::tuple{"initContainers", "initContainerStatuses", &life.init_runs()},
        std::tuple{"containers", "containerStatuses", &life.runs()}}) {
    const JsonValue* list = Path(pod, std::string("spec.") + field);
    if (list == nullptr || !list->IsArray() || list->Empty()) continue;
    bool init = std::string_view(field) == "initContainers";
    std::string_view waiting = init || life.initialized() ? "ContainerCreating" : "PodInitializing";
    if (init) waiting = "PodInitializing";
    JsonValue statuses(rapidjson::kArrayType);
    for (rapidjson::SizeType i = 0; i < list->Size() && i < runs->size(); ++i) {
      statuses.PushBack(ContainerStatus(pod, (*list)[i], (*runs)[i], waiting, a), a);
    }
    status.AddMember(JsonValue(key, a), statuses, a);
  }
  return status;
}

std::string PodStatusPatch(const JsonValue& status) {
  std::string out = "{\"status\":";
  AppendJson(status, &out);
  out += "}";
  return out;
}

}  // namespace ekslite::kubelet

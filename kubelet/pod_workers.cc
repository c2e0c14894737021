#include "kubelet/pod_workers.h"

#include <functional>

#include "core/log.h"
#include "kubelet/pod_status.h"

namespace ekslite::kubelet {
namespace {

// How often a pod whose node has not registered yet is looked at again.
constexpr std::chrono::milliseconds kNodeNotReadyRetry{500};

bool IsTerminalPhase(std::string_view phase) { return phase == "Succeeded" || phase == "Failed"; }

}  // namespace

PodWorkers::PodWorkers(const client::DynamicClient& client, NodeTable& nodes, Runtime& runtime,
                       client::EventRecorder* recorder, Clock& clock)
    : client_(client), nodes_(nodes), runtime_(runtime), recorder_(recorder), clock_(clock) {}

size_t PodWorkers::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pods_.size();
}

PodWorkers::PodRecord* PodWorkers::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(key);
  return it == pods_.end() ? nullptr : it->second.get();
}

void PodWorkers::Forget(const std::string& key) {
  std::unique_ptr<PodRecord> record;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pods_.find(key);
    if (it == pods_.end()) return;
    record = std::move(it->second);
    pods_.erase(it);
  }
  runtime_.StopPod(record->uid);
  if (record->owns_ip) nodes_.ReleasePodIp(record->node, record->pod_ip);
}

StatusOr<PodWorkers::PodRecord*> PodWorkers::Track(const std::string& key, const JsonValue& pod,
                                                   const std::string& host_ip) {
  std::string node(StringAt(pod, "spec.nodeName"));
  Clock::time_point start = clock_.Now();
  bool adopt = false;
  if (Clock::time_point written; ParseRfc3339(StringAt(pod, "status.startTime"), &written) &&
                                 Path(pod, "status.containerStatuses") != nullptr) {
    // This node ran the pod before a restart: carry on from what it wrote.
    start = written;
    adopt = true;
  }
  auto record = std::make_unique<PodRecord>(
      PodRecord{std::string(StringAt(pod, "metadata.uid")), node, "", false,
                adopt ? PodLifecycle::Adopt(pod, start) : PodLifecycle(pod, start), 0});
  const JsonValue* host_network = Path(pod, "spec.hostNetwork");
  std::string_view written_ip = StringAt(pod, "status.podIP");
  if (host_network != nullptr && host_network->IsBool() && host_network->GetBool()) {
    record->pod_ip = host_ip;
  } else if (!written_ip.empty()) {
    record->pod_ip = std::string(written_ip);
    nodes_.MarkPodIp(node, written_ip);
    record->owns_ip = true;
  } else {
    record->pod_ip = nodes_.AllocatePodIp(node);
    record->owns_ip = !record->pod_ip.empty();
  }
  Logger("kubelet")->debug("pod {} on node {}: {}", key, node, adopt ? "adopted" : "starting");
  std::lock_guard<std::mutex> lock(mu_);
  PodRecord* raw = record.get();
  pods_[key] = std::move(record);
  return raw;
}

void PodWorkers::Record(const JsonValue& pod, const std::vector<PodEvent>& events) {
  if (recorder_ == nullptr) return;
  for (const PodEvent& e : events) recorder_->Event(pod, e.type, e.reason, e.message);
}

Status PodWorkers::Delete(const std::string& key, const JsonValue& pod) {
  if (PodRecord* record = Find(key); record != nullptr) {
    std::vector<PodEvent> events;
    for (const std::string& name : record->life.RunningContainers(pod)) {
      events.push_back({client::kEventNormal, "Killing", "Stopping container " + name});
    }
    Record(pod, events);
  }
  Forget(key);
  client::DeleteOptions options;
  options.grace_period_seconds = 0;
  options.precondition_uid = std::string(StringAt(pod, "metadata.uid"));
  StatusOr<Json> deleted =
      client_.Resource(client::resources::kPods, std::string(StringAt(pod, "metadata.namespace")))
          .Delete(StringAt(pod, "metadata.name"), options);
  // Gone already, or replaced by a new pod of the same name: nothing to do.
  if (deleted.ok() || deleted.status().IsNotFound() || deleted.status().code() == Code::kConflict) {
    Logger("kubelet")->debug("pod {} deleted", key);
    return Status::Ok();
  }
  return deleted.status();
}

StatusOr<PodSyncResult> PodWorkers::SyncPod(const std::string& key, const client::ObjectPtr& pod) {
  PodSyncResult result;
  if (pod == nullptr) {
    Forget(key);
    return result;
  }
  std::string_view node = StringAt(*pod, "spec.nodeName");
  if (!nodes_.Owns(node)) {
    Forget(key);
    return result;
  }
  std::optional<std::string> host_ip = nodes_.HostIp(node);
  if (!host_ip) {
    // Not registered yet (look again soon), or gone (not ours any more).
    Forget(key);
    if (!nodes_.Gone(node)) result.again = kNodeNotReadyRetry;
    return result;
  }
  PodRecord* record = Find(key);
  if (record != nullptr && record->uid != StringAt(*pod, "metadata.uid")) {
    Forget(key);  // a new pod with the old one's name
    record = nullptr;
  }
  if (Path(*pod, "metadata.deletionTimestamp") != nullptr) {
    EKS_RETURN_IF_ERROR(Delete(key, *pod));
    return result;
  }
  if (record == nullptr) {
    // Finished before this process started: nothing left to run.
    if (IsTerminalPhase(StringAt(*pod, "status.phase"))) return result;
    EKS_ASSIGN_OR_RETURN(record, Track(key, *pod, *host_ip));
  }

  Clock::time_point now = clock_.Now();
  std::vector<PodEvent> events;
  record->life.Advance(*pod, runtime_, now, &events);
  Record(*pod, events);

  Json doc(rapidjson::kObjectType);
  JsonValue status =
      BuildPodStatus(*pod, record->life, {*host_ip, record->pod_ip}, doc.GetAllocator());
  std::string patch = PodStatusPatch(status);
  uint64_t hash = std::hash<std::string>{}(patch);
  if (hash != record->last_patch) {
    StatusOr<Json> patched =
        client_
            .Resource(client::resources::kPods, std::string(StringAt(*pod, "metadata.namespace")))
            .Patch(StringAt(*pod, "metadata.name"), client::PatchType::kMerge, patch, {}, "status");
    if (patched.status().IsNotFound()) {
      Forget(key);
      return result;
    }
    EKS_RETURN_IF_ERROR(patched.status());
    record->last_patch = hash;
    Logger("kubelet")->debug("pod {} is {}", key, PodPhaseName(record->life.phase()));
  }
  if (record->life.next_wakeup() != Clock::time_point::max()) {
    result.again =
        std::max<Clock::duration>(record->life.next_wakeup() - now, std::chrono::milliseconds(1));
  }
  return result;
}

}  // namespace ekslite::kubelet

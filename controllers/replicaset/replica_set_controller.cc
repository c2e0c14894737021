#include "controllers/replicaset/replica_set_controller.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/controller_ref.h"
#include "controllers/common/expectations.h"
#include "controllers/common/pod_util.h"
#include "controllers/replicaset/pod_ranking.h"
#include "controllers/replicaset/replica_set_status.h"
#include "core/api/label_selector.h"
#include "core/client/event_recorder.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

// How many pods of one slow-start batch are created at once.
constexpr int kCreateParallelism = 8;

// A pod for `rs` from its template, named by the server from "<rs>-".
Json PodFromTemplate(const JsonValue& rs, const ReplicatedKind& kind) {
  Json pod(rapidjson::kObjectType);
  JsonAllocator& a = pod.GetAllocator();
  SetString(pod, "apiVersion", "v1", a);
  SetString(pod, "kind", "Pod", a);
  JsonValue& meta = EnsureObject(pod, "metadata", a);
  SetString(meta, "generateName", std::string(StringAt(rs, "metadata.name")) + "-", a);
  SetString(meta, "namespace", StringAt(rs, "metadata.namespace"), a);
  for (const char* field : {"labels", "annotations", "finalizers"}) {
    const JsonValue* template_meta = Path(rs, "spec.template.metadata");
    const JsonValue* v = template_meta == nullptr ? nullptr : Member(*template_meta, field);
    if (v != nullptr) SetMember(meta, field, JsonValue(*v, a), a);
  }
  Json ref = MakeControllerRef(rs, kind.api_version, kind.kind);
  AddOwnerRef(pod, ref, a);
  const JsonValue* spec = Path(rs, "spec.template.spec");
  SetMember(pod, "spec", spec != nullptr ? JsonValue(*spec, a) : JsonValue(rapidjson::kObjectType),
            a);
  return pod;
}

class ReplicaSetController final : public QueueController {
 public:
  ReplicaSetController(const client::DynamicClient& client, client::InformerFactory& informers,
                       ReplicaSetControllerOptions options)
      : QueueController({.name = options.kind.component,
                         .workers = options.workers,
                         .clock = options.clock}),
        client_(client),
        options_(options),
        expectations_(*options.clock),
        recorder_(client::NewEventRecorder(
            client, {.component = options.kind.component, .host = "", .clock = options.clock})) {
    sets_ = informers.ForResource(options.kind.resource);
    pods_ = informers.ForResource(client::resources::kPods);
    (void)sets_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
    (void)pods_->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
    WatchInformer(sets_, EnqueueHandlers());
    client::EventHandlers pod_handlers;
    pod_handlers.on_add = [this](const ObjectPtr& pod) { OnPod(nullptr, *pod); };
    pod_handlers.on_update = [this](const ObjectPtr& old_pod, const ObjectPtr& pod) {
      OnPod(old_pod.get(), *pod);
    };
    pod_handlers.on_delete = [this](const ObjectPtr& pod) { OnPodDeleted(*pod); };
    WatchInformer(pods_, std::move(pod_handlers));
  }
  ~ReplicaSetController() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:
  // The key of the ReplicaSet `ref` names in `ns`, if it is in the cache
  // with that uid.
  std::string OwnerKey(std::string_view ns, const OwnerRef& ref) const;
  StatusOr<api::LabelSelector> SelectorOf(const JsonValue& rs) const;
  void OnPod(const JsonValue* old_pod, const JsonValue& pod);
  void OnPodDeleted(const JsonValue& pod);
  // Queues every ReplicaSet in the pod's namespace whose selector matches it.
  void EnqueueMatching(const JsonValue& pod);

  // The active pods `rs` controls after adopting and releasing.
  StatusOr<std::vector<ObjectPtr>> ClaimPods(const JsonValue& rs,
                                             const api::LabelSelector& selector);
  // Creates or deletes pods; returns the error that stopped it.
  Status ManageReplicas(const std::string& key, const JsonValue& rs,
                        const std::vector<ObjectPtr>& pods);
  Status CreatePods(const std::string& key, const JsonValue& rs, int count);
  Status DeletePods(const std::string& key, const JsonValue& rs,
                    const std::vector<ObjectPtr>& pods, int count);
  // Active pods controlled by any ReplicaSet with the same controller as `rs`.
  std::vector<ObjectPtr> RelatedPods(const JsonValue& rs, const std::vector<ObjectPtr>& own) const;

  const client::DynamicClient& client_;
  const ReplicaSetControllerOptions options_;
  Expectations expectations_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::shared_ptr<client::SharedInformer> sets_;
  std::shared_ptr<client::SharedInformer> pods_;
};

std::string ReplicaSetController::OwnerKey(std::string_view ns, const OwnerRef& ref) const {
  if (ref.kind != options_.kind.kind) return "";
  std::string key = client::ObjectKey(ns, ref.name);
  ObjectPtr rs = sets_->indexer().Get(key);
  if (rs == nullptr || StringAt(*rs, "metadata.uid") != ref.uid) return "";
  return key;
}

StatusOr<api::LabelSelector> ReplicaSetController::SelectorOf(const JsonValue& rs) const {
  const JsonValue* selector = Path(rs, "spec.selector");
  if (!options_.kind.map_selector || selector == nullptr) return api::LabelSelectorFromJson(selector);
  Json wrapped(rapidjson::kObjectType);
  SetMember(wrapped, "matchLabels", JsonValue(*selector, wrapped.GetAllocator()),
            wrapped.GetAllocator());
  return api::LabelSelectorFromJson(&wrapped);
}

void ReplicaSetController::EnqueueMatching(const JsonValue& pod) {
  auto sets = sets_->indexer().ByIndex(client::kNamespaceIndex, StringAt(pod, "metadata.namespace"));
  if (!sets.ok()) return;
  for (const ObjectPtr& rs : *sets) {
    auto selector = SelectorOf(*rs);
    if (selector.ok() && !selector->Empty() && selector->MatchesObject(pod)) Enqueue(*rs);
  }
}

void ReplicaSetController::OnPod(const JsonValue* old_pod, const JsonValue& pod) {
  std::string_view ns = StringAt(pod, "metadata.namespace");
  if (old_pod != nullptr && StringAt(*old_pod, "metadata.resourceVersion") ==
                                StringAt(pod, "metadata.resourceVersion")) {
    return;
  }
  std::optional<OwnerRef> ref = ControllerOf(pod);
  if (old_pod != nullptr) {
    std::optional<OwnerRef> old_ref = ControllerOf(*old_pod);
    if (old_ref.has_value() && (!ref.has_value() || old_ref->uid != ref->uid)) {
      std::string old_key = OwnerKey(ns, *old_ref);
      if (!old_key.empty()) queue().Add(old_key);
    }
  }
  if (!ref.has_value()) {
    if (!IsBeingDeleted(pod)) EnqueueMatching(pod);
    return;
  }
  std::string key = OwnerKey(ns, *ref);
  if (key.empty()) return;
  if (old_pod == nullptr) {
    expectations_.CreationObserved(key);
  } else if (IsBeingDeleted(pod) && !IsBeingDeleted(*old_pod)) {
    expectations_.DeletionObserved(key);
  }
  queue().Add(key);
}

void ReplicaSetController::OnPodDeleted(const JsonValue& pod) {
  std::optional<OwnerRef> ref = ControllerOf(pod);
  if (!ref.has_value()) return;
  std::string key = OwnerKey(StringAt(pod, "metadata.namespace"), *ref);
  if (key.empty()) return;
  if (!IsBeingDeleted(pod)) expectations_.DeletionObserved(key);
  queue().Add(key);
}

StatusOr<std::vector<ObjectPtr>> ReplicaSetController::ClaimPods(
    const JsonValue& rs, const api::LabelSelector& selector) {
  std::string_view uid = StringAt(rs, "metadata.uid");
  bool rs_deleting = IsBeingDeleted(rs);
  auto pods = client_.Resource(client::resources::kPods, std::string(StringAt(rs, "metadata.namespace")));
  EKS_ASSIGN_OR_RETURN(std::vector<ObjectPtr> candidates,
                       pods_->indexer().ByIndex(client::kNamespaceIndex,
                                                StringAt(rs, "metadata.namespace")));
  std::vector<ObjectPtr> claimed;
  for (const ObjectPtr& pod : candidates) {
    if (!IsPodActive(*pod)) continue;
    std::optional<OwnerRef> ref = ControllerOf(*pod);
    bool matches = selector.MatchesObject(*pod);
    std::string_view name = StringAt(*pod, "metadata.name");
    if (ref.has_value()) {
      if (ref->uid != uid) continue;
      if (matches || rs_deleting) {
        claimed.push_back(pod);
        continue;
      }
      auto released = pods.Patch(name, client::PatchType::kStrategicMerge,
                                 ReleasePatch(uid, StringAt(*pod, "metadata.uid")));
      if (!released.ok() && !released.status().IsNotFound()) return released.status();
      log()->info("released pod {}/{} from {}", StringAt(*pod, "metadata.namespace"), name,
                  StringAt(rs, "metadata.name"));
      continue;
    }
    if (!matches || rs_deleting || selector.Empty()) continue;
    auto adopted = pods.Patch(name, client::PatchType::kStrategicMerge,
                              AdoptPatch(rs, options_.kind.api_version, options_.kind.kind,
                                         StringAt(*pod, "metadata.uid")));
    if (!adopted.ok()) {
      if (adopted.status().IsNotFound()) continue;
      return adopted.status();
    }
    log()->info("adopted pod {}/{} into {}", StringAt(*pod, "metadata.namespace"), name,
                StringAt(rs, "metadata.name"));
    EKS_ASSIGN_OR_RETURN(ObjectPtr frozen, client::ParseObject(ToJsonString(*adopted)));
    claimed.push_back(std::move(frozen));
  }
  return claimed;
}

Status ReplicaSetController::CreatePods(const std::string& key, const JsonValue& rs, int count) {
  expectations_.Expect(key, count, 0);
  const Json pod = PodFromTemplate(rs, options_.kind);
  auto pods = client_.Resource(client::resources::kPods, std::string(StringAt(rs, "metadata.namespace")));
  int remaining = count;
  for (int batch = 1; remaining > 0; batch *= 2) {
    int size = std::min(batch, remaining);
    // The pods of one batch are created in parallel; a failure ends the
    // slow start after this batch.
    std::atomic<int> next{0}, failed{0};
    std::mutex mu;
    Status first_error;
    auto create = [&] {
      while (next.fetch_add(1) < size) {
        auto created = pods.Create(pod);
        if (created.ok()) {
          recorder_->Event(rs, client::kEventNormal, "SuccessfulCreate",
                           "Created pod: " + std::string(StringAt(*created, "metadata.name")));
          continue;
        }
        expectations_.CreationObserved(key);
        failed.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = created.status();
      }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i < std::min(size, kCreateParallelism); ++i) threads.emplace_back(create);
    create();
    for (std::thread& t : threads) t.join();
    remaining -= size;
    if (failed.load() > 0) {
      // The creations never tried will not be seen either.
      for (int j = 0; j < remaining; ++j) expectations_.CreationObserved(key);
      std::string message = "Error creating: " + first_error.message();
      recorder_->Event(rs, client::kEventWarning, "FailedCreate", message);
      return Status(first_error.code(), message);
    }
  }
  return Status::Ok();
}

std::vector<ObjectPtr> ReplicaSetController::RelatedPods(const JsonValue& rs,
                                                         const std::vector<ObjectPtr>& own) const {
  std::optional<OwnerRef> owner = ControllerOf(rs);
  if (!owner.has_value()) return own;
  std::vector<ObjectPtr> related;
  auto sets = sets_->indexer().ByIndex(kControllerUidIndex, owner->uid);
  if (!sets.ok()) return own;
  for (const ObjectPtr& sibling : *sets) {
    auto pods = pods_->indexer().ByIndex(kControllerUidIndex, StringAt(*sibling, "metadata.uid"));
    if (!pods.ok()) continue;
    for (const ObjectPtr& pod : *pods) {
      if (IsPodActive(*pod)) related.push_back(pod);
    }
  }
  return related;
}

Status ReplicaSetController::DeletePods(const std::string& key, const JsonValue& rs,
                                        const std::vector<ObjectPtr>& pods, int count) {
  std::vector<ObjectPtr> victims =
      PodsToDelete(pods, RelatedPods(rs, pods), static_cast<size_t>(count), clock().Now());
  expectations_.Expect(key, 0, static_cast<int>(victims.size()));
  auto client = client_.Resource(client::resources::kPods, std::string(StringAt(rs, "metadata.namespace")));
  Status first_error;
  for (const ObjectPtr& pod : victims) {
    std::string name(StringAt(*pod, "metadata.name"));
    auto deleted = client.Delete(name);
    if (!deleted.ok()) {
      expectations_.DeletionObserved(key);
      if (deleted.status().IsNotFound()) continue;
      recorder_->Event(rs, client::kEventWarning, "FailedDelete",
                       "Error deleting: " + deleted.status().message());
      if (first_error.ok()) first_error = deleted.status();
      continue;
    }
    log()->info("deleted pod {}/{} of {}", StringAt(rs, "metadata.namespace"), name, key);
    recorder_->Event(rs, client::kEventNormal, "SuccessfulDelete", "Deleted pod: " + name);
  }
  return first_error;
}

Status ReplicaSetController::ManageReplicas(const std::string& key, const JsonValue& rs,
                                            const std::vector<ObjectPtr>& pods) {
  int64_t want = IntAt(rs, "spec.replicas").value_or(1);
  int64_t diff = static_cast<int64_t>(pods.size()) - want;
  if (diff < 0) {
    int count = static_cast<int>(std::min<int64_t>(-diff, options_.burst_replicas));
    log()->info("{}: too few replicas, need {}, creating {}", key, want, count);
    return CreatePods(key, rs, count);
  }
  if (diff > 0) {
    int count = static_cast<int>(std::min<int64_t>(diff, options_.burst_replicas));
    log()->info("{}: too many replicas, need {}, deleting {}", key, want, count);
    return DeletePods(key, rs, pods, count);
  }
  return Status::Ok();
}

Status ReplicaSetController::Sync(const std::string& key) {
  ObjectPtr rs = sets_->indexer().Get(key);
  if (rs == nullptr) {
    expectations_.Delete(key);
    return Status::Ok();
  }
  auto selector = SelectorOf(*rs);
  if (!selector.ok()) {
    log()->warn("{}: invalid selector: {}", key, selector.status().message());
    return Status::Ok();
  }
  bool satisfied = expectations_.Satisfied(key);
  EKS_ASSIGN_OR_RETURN(std::vector<ObjectPtr> pods, ClaimPods(*rs, *selector));
  Status manage;
  if (satisfied && !IsBeingDeleted(*rs)) manage = ManageReplicas(key, *rs, pods);
  int64_t min_ready = IntAt(*rs, "spec.minReadySeconds").value_or(0);
  ReplicaSetStatusInput input{pods, min_ready, clock().Now(), manage};
  Json status = CalculateReplicaSetStatus(*rs, input);
  EKS_RETURN_IF_ERROR(WriteReplicaSetStatus(client_, options_.kind.resource, *rs, status));
  // Pods become available minReadySeconds after they become ready: look
  // again then.
  if (min_ready > 0 && IntAt(status, "readyReplicas").value_or(0) !=
                           IntAt(status, "availableReplicas").value_or(0)) {
    queue().AddAfter(key, std::chrono::seconds(min_ready));
  }
  return manage;
}

}  // namespace

ReplicatedKind ReplicaSets() {
  return {client::resources::kReplicaSets, "apps/v1", "ReplicaSet", "replicaset-controller", false};
}

ReplicatedKind ReplicationControllers() {
  return {client::resources::kReplicationControllers, "v1", "ReplicationController",
          "replication-controller", true};
}

std::unique_ptr<Component> NewReplicaSetController(const client::DynamicClient& client,
                                                   client::InformerFactory& informers,
                                                   ReplicaSetControllerOptions options) {
  return std::make_unique<ReplicaSetController>(client, informers, options);
}

}  // namespace ekslite::controllers

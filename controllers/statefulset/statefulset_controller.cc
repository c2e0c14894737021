#include "controllers/statefulset/statefulset_controller.h"

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/statefulset/stateful_pods.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

bool RunningAndReady(const JsonValue& pod) {
  return StringAt(pod, "status.phase") == "Running" && IsPodReady(pod);
}

bool Finished(const JsonValue& pod) {
  std::string_view phase = StringAt(pod, "status.phase");
  return phase == "Succeeded" || phase == "Failed";
}

// The pod template a revision stores.
Json TemplateOf(const JsonValue& revision) {
  Json t(rapidjson::kObjectType);
  if (const JsonValue* stored = Path(revision, "data.spec.template");
      stored != nullptr && stored->IsObject()) {
    t.CopyFrom(*stored, t.GetAllocator());
  }
  RemoveMember(t, "$patch");
  return t;
}

}  // namespace

struct StatefulSetController::SetState {
  std::map<int64_t, ObjectPtr> pods;  // by ordinal
  std::string update_revision, current_revision;
  Json update_template, current_template;
  int64_t start = 0, replicas = 1, partition = 0;
  bool parallel = false, rolling = true;
};

StatefulSetController::StatefulSetController(const client::DynamicClient& client,
                                             client::InformerFactory& informers,
                                             StatefulSetControllerOptions options)
    : QueueController(
          {.name = "statefulset-controller", .workers = options.workers, .clock = options.clock}),
      client_(client) {
  sets_ = informers.ForResource(client::resources::kStatefulSets);
  pods_ = informers.ForResource(client::resources::kPods);
  revisions_ = informers.ForResource(client::resources::kControllerRevisions);
  claims_ = informers.ForResource(client::resources::kPersistentVolumeClaims);
  for (auto& informer : {pods_, revisions_}) {
    (void)informer->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
  }
  events_ = client::NewEventRecorder(client, {"statefulset-controller", "", options.clock});
  WatchInformer(sets_, EnqueueHandlers());
  client::EventHandlers owned;
  owned.on_add = [this](const ObjectPtr& o) { EnqueueOwner(*o); };
  owned.on_update = [this](const ObjectPtr&, const ObjectPtr& o) { EnqueueOwner(*o); };
  owned.on_delete = [this](const ObjectPtr& o) { EnqueueOwner(*o); };
  WatchInformer(pods_, owned);
  WatchInformer(revisions_, client::EventHandlers{});
  WatchInformer(claims_, client::EventHandlers{});
}

StatefulSetController::~StatefulSetController() { Stop(); }

void StatefulSetController::EnqueueOwner(const JsonValue& object) {
  std::optional<OwnerRef> owner = ControllerOf(object);
  if (!owner || owner->kind != "StatefulSet") return;
  queue().Add(client::ObjectKey(StringAt(object, "metadata.namespace"), owner->name));
}

Status StatefulSetController::Sync(const std::string& key) {
  ObjectPtr set = sets_->indexer().Get(key);
  if (set == nullptr || IsBeingDeleted(*set)) return Status::Ok();
  std::string uid(StringAt(*set, "metadata.uid"));
  auto owned_revisions = revisions_->indexer().ByIndex(kControllerUidIndex, uid);
  EKS_ASSIGN_OR_RETURN(
      Revisions revisions,
      SyncRevisions(client_, *set, "apps/v1", "StatefulSet",
                    owned_revisions.ok() ? *owned_revisions : std::vector<ObjectPtr>{}));
  SetState state;
  state.update_revision = std::string(StringAt(*revisions.update, "metadata.name"));
  state.current_revision = std::string(StringAt(*revisions.current, "metadata.name"));
  state.update_template = TemplateOf(*revisions.update);
  state.current_template = TemplateOf(*revisions.current);
  if (!Path(*revisions.update, "data.spec.template")) {
    // A revision not yet read back: use the set's own template.
    state.update_template.CopyFrom(*Path(*set, "spec.template"),
                                   state.update_template.GetAllocator());
  }
  state.start = IntAt(*set, "spec.ordinals.start").value_or(0);
  state.replicas = IntAt(*set, "spec.replicas").value_or(1);
  state.parallel = StringAt(*set, "spec.podManagementPolicy") == "Parallel";
  state.rolling = StringAt(*set, "spec.updateStrategy.type", "RollingUpdate") == "RollingUpdate";
  state.partition = IntAt(*set, "spec.updateStrategy.rollingUpdate.partition").value_or(0);
  auto pods = pods_->indexer().ByIndex(kControllerUidIndex, uid);
  if (pods.ok()) {
    for (const ObjectPtr& pod : *pods) {
      auto ordinal =
          statefulset::OrdinalOf(StringAt(*set, "metadata.name"), StringAt(*pod, "metadata.name"));
      if (ordinal) state.pods[*ordinal] = pod;
    }
  }
  Status managed = ManagePods(*set, state);
  EKS_RETURN_IF_ERROR(UpdateStatus(*set, state));
  return managed;
}

// One step towards the desired pods: with OrderedReady it returns after any
// change, or when a pod it would have to pass is not Running and Ready.
Status StatefulSetController::ManagePods(const JsonValue& set, const SetState& state) {
  bool ordered = !state.parallel;
  int64_t end = state.start + state.replicas;
  for (int64_t ordinal = state.start; ordinal < end; ++ordinal) {
    auto it = state.pods.find(ordinal);
    if (it == state.pods.end()) {
      EKS_RETURN_IF_ERROR(CreatePod(set, state, ordinal));
      if (ordered) return Status::Ok();
      continue;
    }
    const JsonValue& pod = *it->second;
    if (Finished(pod) && !IsBeingDeleted(pod)) {
      // A failed (or exited) pod is replaced under the same name.
      EKS_RETURN_IF_ERROR(DeletePod(set, pod));
      if (ordered) return Status::Ok();
      continue;
    }
    if (ordered && (IsBeingDeleted(pod) || !RunningAndReady(pod))) return Status::Ok();
  }
  // Pods beyond the replicas go, the highest ordinal first.
  for (auto it = state.pods.rbegin(); it != state.pods.rend(); ++it) {
    if (it->first >= state.start && it->first < end) continue;
    if (IsBeingDeleted(*it->second)) {
      if (ordered) return Status::Ok();
      continue;
    }
    EKS_RETURN_IF_ERROR(DeletePod(set, *it->second));
    EKS_RETURN_IF_ERROR(DeleteScaledClaims(set, it->first));
    if (ordered) return Status::Ok();
  }
  if (!state.rolling) return Status::Ok();
  // Rolling update: from the highest ordinal down to the partition, one pod
  // at a time, each replaced pod Running and Ready before the next.
  for (int64_t ordinal = end - 1; ordinal >= state.start + state.partition; --ordinal) {
    auto it = state.pods.find(ordinal);
    if (it == state.pods.end()) return Status::Ok();
    const JsonValue& pod = *it->second;
    if (IsBeingDeleted(pod)) return Status::Ok();
    std::string_view hash = StringAt(pod, "metadata.labels.controller-revision-hash");
    if (hash != state.update_revision) return DeletePod(set, pod);
    if (!RunningAndReady(pod)) return Status::Ok();
  }
  return Status::Ok();
}

Status StatefulSetController::CreatePod(const JsonValue& set, const SetState& state,
                                        int64_t ordinal) {
  std::string ns(StringAt(set, "metadata.namespace"));
  std::string set_name(StringAt(set, "metadata.name"));
  std::string pod_name = statefulset::PodName(set_name, ordinal);
  auto claims = client_.Resource(client::resources::kPersistentVolumeClaims, ns);
  for (const Json& claim : statefulset::ClaimsForOrdinal(set, ordinal)) {
    std::string claim_name(StringAt(claim, "metadata.name"));
    if (claims_->indexer().Get(client::ObjectKey(ns, claim_name)) != nullptr) continue;
    auto created = claims.Create(claim);
    if (!created.ok() && !created.status().IsAlreadyExists()) {
      events_->Event(set, client::kEventWarning, "FailedCreate",
                     "create Claim " + claim_name + " for Pod " + pod_name + " in StatefulSet " +
                         set_name + " failed error: " + created.status().message());
      return created.status();
    }
    if (created.ok()) {
      events_->Event(set, client::kEventNormal, "SuccessfulCreate",
                     "create Claim " + claim_name + " Pod " + pod_name + " in StatefulSet " +
                         set_name + " success");
    }
  }
  // Below the partition a rolling update keeps the current revision.
  bool keep_current = state.rolling && ordinal < state.start + state.partition;
  const Json& tmpl = keep_current ? state.current_template : state.update_template;
  const std::string& revision = keep_current ? state.current_revision : state.update_revision;
  auto created = client_.Resource(client::resources::kPods, ns)
                     .Create(statefulset::PodForOrdinal(set, tmpl, ordinal, revision));
  if (!created.ok()) {
    if (created.status().IsAlreadyExists()) return Status::Ok();  // the cache is behind
    events_->Event(set, client::kEventWarning, "FailedCreate",
                   "create Pod " + pod_name + " in StatefulSet " + set_name +
                       " failed error: " + created.status().message());
    return created.status();
  }
  log()->info("created pod {}/{}", ns, pod_name);
  events_->Event(set, client::kEventNormal, "SuccessfulCreate",
                 "create Pod " + pod_name + " in StatefulSet " + set_name + " successful");
  return Status::Ok();
}

Status StatefulSetController::DeletePod(const JsonValue& set, const JsonValue& pod) {
  std::string ns(StringAt(set, "metadata.namespace"));
  std::string name(StringAt(pod, "metadata.name"));
  client::DeleteOptions options;
  options.precondition_uid = std::string(StringAt(pod, "metadata.uid"));
  auto deleted = client_.Resource(client::resources::kPods, ns).Delete(name, options);
  if (!deleted.ok() && !deleted.status().IsNotFound()) {
    events_->Event(set, client::kEventWarning, "FailedDelete",
                   "delete Pod " + name + " in StatefulSet " +
                       std::string(StringAt(set, "metadata.name")) +
                       " failed error: " + deleted.status().message());
    return deleted.status();
  }
  log()->info("deleted pod {}/{}", ns, name);
  events_->Event(set, client::kEventNormal, "SuccessfulDelete",
                 "delete Pod " + name + " in StatefulSet " +
                     std::string(StringAt(set, "metadata.name")) + " successful");
  return Status::Ok();
}

// persistentVolumeClaimRetentionPolicy.whenScaled Delete: the claims of a
// pod removed by a scale down go with it.
Status StatefulSetController::DeleteScaledClaims(const JsonValue& set, int64_t ordinal) {
  if (StringAt(set, "spec.persistentVolumeClaimRetentionPolicy.whenScaled") != "Delete") {
    return Status::Ok();
  }
  auto claims = client_.Resource(client::resources::kPersistentVolumeClaims,
                                 std::string(StringAt(set, "metadata.namespace")));
  for (const Json& claim : statefulset::ClaimsForOrdinal(set, ordinal)) {
    auto deleted = claims.Delete(StringAt(claim, "metadata.name"));
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  }
  return Status::Ok();
}

Status StatefulSetController::UpdateStatus(const JsonValue& set, const SetState& state) {
  int64_t min_ready = IntAt(set, "spec.minReadySeconds").value_or(0);
  Clock::time_point now = clock().Now();
  int64_t replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  for (const auto& [ordinal, pod] : state.pods) {
    (void)ordinal;
    if (Finished(*pod)) continue;
    ++replicas;
    if (IsPodReady(*pod)) ++ready;
    if (IsPodAvailable(*pod, min_ready, now)) ++available;
    std::string_view hash = StringAt(*pod, "metadata.labels.controller-revision-hash");
    if (hash == state.current_revision) ++current;
    if (hash == state.update_revision) ++updated;
  }
  std::string current_revision = state.current_revision;
  // The update is complete once every desired pod runs the new revision.
  if (updated == state.replicas && ready == state.replicas && replicas == state.replicas) {
    current_revision = state.update_revision;
    current = updated;
  }
  Json updated_set = client::CopyObject(set);
  JsonAllocator& a = updated_set.GetAllocator();
  JsonValue& status = EnsureObject(updated_set, "status", a);
  SetInt(status, "observedGeneration", IntAt(set, "metadata.generation").value_or(0), a);
  SetInt(status, "replicas", replicas, a);
  SetInt(status, "readyReplicas", ready, a);
  SetInt(status, "currentReplicas", current, a);
  SetInt(status, "updatedReplicas", updated, a);
  SetInt(status, "availableReplicas", available, a);
  SetString(status, "currentRevision", current_revision, a);
  SetString(status, "updateRevision", state.update_revision, a);
  SetInt(status, "collisionCount", IntAt(set, "status.collisionCount").value_or(0), a);
  const JsonValue* before = Member(set, "status");
  if (before != nullptr && ToJsonString(*before) == ToJsonString(status)) return Status::Ok();
  auto written = client_
                     .Resource(client::resources::kStatefulSets,
                               std::string(StringAt(set, "metadata.namespace")))
                     .UpdateStatus(updated_set);
  return written.status();
}

}  // namespace ekslite::controllers

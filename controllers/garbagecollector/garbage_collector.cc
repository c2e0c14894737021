#include "controllers/garbagecollector/garbage_collector.h"

#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

constexpr std::string_view kForeground = "foregroundDeletion";
constexpr std::string_view kOrphan = "orphan";
constexpr std::string_view kUidIndex = "uid";

bool HasFinalizer(const JsonValue& object, std::string_view name) {
  const JsonValue* list = Path(object, "metadata.finalizers");
  if (list == nullptr || !list->IsArray()) return false;
  for (const JsonValue& f : list->GetArray()) {
    if (View(f) == name) return true;
  }
  return false;
}

std::string_view GroupOf(std::string_view api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

class GarbageCollector final : public QueueController {
 public:
  GarbageCollector(const client::DynamicClient& client, client::InformerFactory& informers,
                   GarbageCollectorOptions options)
      : QueueController({.name = "garbage-collector", .workers = options.workers, .clock = options.clock}),
        client_(client) {
    for (MonitoredResource& resource : options.resources) {
      Monitor m{resource, informers.ForResource(resource.resource)};
      (void)m.informer->AddIndexers({{std::string(kOwnerUidIndex), OwnerUidIndexFunc()},
                                     {std::string(kUidIndex), client::FieldIndexFunc("metadata.uid")}});
      monitors_.push_back(std::move(m));
    }
    for (size_t i = 0; i < monitors_.size(); ++i) {
      client::EventHandlers handlers;
      handlers.on_add = [this, i](const ObjectPtr& o) { OnChange(i, *o); };
      handlers.on_update = [this, i](const ObjectPtr&, const ObjectPtr& o) { OnChange(i, *o); };
      handlers.on_delete = [this, i](const ObjectPtr& o) { OnDeleted(*o); };
      WatchInformer(monitors_[i].informer, std::move(handlers));
    }
  }
  ~GarbageCollector() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:
  struct Monitor {
    MonitoredResource info;
    std::shared_ptr<client::SharedInformer> informer;
  };
  enum class OwnerState { kPresent, kAbsent, kWaiting };

  static std::string Key(size_t monitor, const JsonValue& object) {
    return std::to_string(monitor) + "|" + client::ObjectKey(object);
  }
  void OnChange(size_t monitor, const JsonValue& object);
  void OnDeleted(const JsonValue& object);
  // Every cached object with an ownerReference to `uid`, with its monitor.
  std::vector<std::pair<size_t, ObjectPtr>> Dependents(std::string_view uid) const;
  const Monitor* MonitorFor(std::string_view api_version, std::string_view kind) const;
  StatusOr<OwnerState> ResolveOwner(const JsonValue& dependent, const OwnerRef& ref) const;
  client::ResourceClient ClientFor(size_t monitor, const JsonValue& object) const;

  Status CollectDependent(size_t monitor, const JsonValue& object);
  Status OrphanDependents(size_t monitor, const JsonValue& owner);
  Status DeleteDependentsFirst(size_t monitor, const JsonValue& owner);
  Status RemoveFinalizer(size_t monitor, const JsonValue& object, std::string_view finalizer);

  const client::DynamicClient& client_;
  std::vector<Monitor> monitors_;
};

void GarbageCollector::OnChange(size_t monitor, const JsonValue& object) {
  bool owned = Path(object, "metadata.ownerReferences") != nullptr;
  bool finishing = IsBeingDeleted(object) &&
                   (HasFinalizer(object, kForeground) || HasFinalizer(object, kOrphan));
  if (owned || finishing) queue().Add(Key(monitor, object));
}

void GarbageCollector::OnDeleted(const JsonValue& object) {
  for (const auto& [monitor, dependent] : Dependents(StringAt(object, "metadata.uid"))) {
    queue().Add(Key(monitor, *dependent));
  }
  // An owner deleting in the foreground waits for this one.
  for (const OwnerRef& ref : OwnerRefsOf(object)) {
    for (size_t i = 0; i < monitors_.size(); ++i) {
      auto owners = monitors_[i].informer->indexer().ByIndex(kUidIndex, ref.uid);
      if (!owners.ok()) continue;
      for (const ObjectPtr& owner : *owners) queue().Add(Key(i, *owner));
    }
  }
}

std::vector<std::pair<size_t, ObjectPtr>> GarbageCollector::Dependents(std::string_view uid) const {
  std::vector<std::pair<size_t, ObjectPtr>> out;
  if (uid.empty()) return out;
  for (size_t i = 0; i < monitors_.size(); ++i) {
    auto dependents = monitors_[i].informer->indexer().ByIndex(kOwnerUidIndex, uid);
    if (!dependents.ok()) continue;
    for (ObjectPtr& d : *dependents) out.emplace_back(i, std::move(d));
  }
  return out;
}

const GarbageCollector::Monitor* GarbageCollector::MonitorFor(std::string_view api_version,
                                                              std::string_view kind) const {
  std::string_view group = GroupOf(api_version);
  for (const Monitor& m : monitors_) {
    if (m.info.kind == kind && m.info.resource.group == group) return &m;
  }
  return nullptr;
}

client::ResourceClient GarbageCollector::ClientFor(size_t monitor, const JsonValue& object) const {
  const Monitor& m = monitors_[monitor];
  return client_.Resource(m.info.resource,
                          m.info.namespaced ? std::string(StringAt(object, "metadata.namespace")) : "");
}

StatusOr<GarbageCollector::OwnerState> GarbageCollector::ResolveOwner(const JsonValue& dependent,
                                                                      const OwnerRef& ref) const {
  const Monitor* m = MonitorFor(ref.api_version, ref.kind);
  // Owners of kinds the collector does not watch are assumed present.
  if (m == nullptr) return OwnerState::kPresent;
  std::string ns = m->info.namespaced ? std::string(StringAt(dependent, "metadata.namespace")) : "";
  auto state = [&ref](const JsonValue& owner) {
    if (StringAt(owner, "metadata.uid") != ref.uid) return OwnerState::kAbsent;
    return IsBeingDeleted(owner) && HasFinalizer(owner, kForeground) ? OwnerState::kWaiting
                                                                     : OwnerState::kPresent;
  };
  ObjectPtr cached = m->informer->indexer().Get(client::ObjectKey(ns, ref.name));
  if (cached != nullptr && StringAt(*cached, "metadata.uid") == ref.uid) return state(*cached);
  // The cache may be behind: only the server can say an owner is gone.
  auto live = client_.Resource(m->info.resource, ns).Get(ref.name);
  if (live.status().IsNotFound()) return OwnerState::kAbsent;
  if (!live.ok()) return live.status();
  return state(*live);
}

Status GarbageCollector::CollectDependent(size_t monitor, const JsonValue& object) {
  std::vector<OwnerRef> refs = OwnerRefsOf(object);
  if (refs.empty()) return Status::Ok();
  int absent = 0, waiting = 0, present = 0;
  std::vector<OwnerState> states;
  for (const OwnerRef& ref : refs) {
    EKS_ASSIGN_OR_RETURN(OwnerState s, ResolveOwner(object, ref));
    states.push_back(s);
    absent += s == OwnerState::kAbsent;
    waiting += s == OwnerState::kWaiting;
    present += s == OwnerState::kPresent;
  }
  if (absent == 0 && waiting == 0) return Status::Ok();
  std::string key = client::ObjectKey(object);
  auto client = ClientFor(monitor, object);
  if (present > 0) {
    // Some owners remain: drop the references to absent ones and stop
    // blocking owners that wait for their dependents.
    if (IsBeingDeleted(object) && absent == 0) return Status::Ok();
    Json patch(rapidjson::kObjectType);
    JsonAllocator& a = patch.GetAllocator();
    JsonValue& meta = EnsureObject(patch, "metadata", a);
    JsonValue list(rapidjson::kArrayType);
    const JsonValue* current = Path(object, "metadata.ownerReferences");
    size_t j = 0;
    for (const JsonValue& entry : current->GetArray()) {
      if (StringAt(entry, "uid").empty()) {
        list.PushBack(JsonValue(entry, a), a);
        continue;
      }
      OwnerState s = states[j++];
      if (s == OwnerState::kAbsent) continue;
      JsonValue copy(entry, a);
      if (s == OwnerState::kWaiting) SetMember(copy, "blockOwnerDeletion", JsonValue(false), a);
      list.PushBack(std::move(copy), a);
    }
    SetMember(meta, "ownerReferences", std::move(list), a);
    SetString(meta, "resourceVersion", StringAt(object, "metadata.resourceVersion"), a);
    Logger("garbage-collector")->info("{}: removing references to absent owners", key);
    auto patched = client.Patch(StringAt(object, "metadata.name"), client::PatchType::kMerge,
                                ToJsonString(patch));
    return patched.ok() || patched.status().IsNotFound() ? Status::Ok() : patched.status();
  }
  if (IsBeingDeleted(object)) return Status::Ok();
  // Every owner is gone or going: so is this object.
  client::DeleteOptions options;
  options.precondition_uid = std::string(StringAt(object, "metadata.uid"));
  bool has_dependents = !Dependents(options.precondition_uid).empty();
  if (waiting > 0 && has_dependents) {
    options.propagation_policy = "Foreground";
  } else if (HasFinalizer(object, kOrphan)) {
    options.propagation_policy = "Orphan";
  } else if (HasFinalizer(object, kForeground)) {
    options.propagation_policy = "Foreground";
  } else {
    options.propagation_policy = "Background";
  }
  log()->info("deleting {} {} (owners gone), propagation {}", monitors_[monitor].info.kind, key,
              options.propagation_policy);
  auto deleted = client.Delete(StringAt(object, "metadata.name"), options);
  if (deleted.ok() || deleted.status().IsNotFound() || deleted.status().IsConflict()) return Status::Ok();
  return deleted.status();
}

Status GarbageCollector::RemoveFinalizer(size_t monitor, const JsonValue& object,
                                         std::string_view finalizer) {
  Json patch(rapidjson::kObjectType);
  JsonAllocator& a = patch.GetAllocator();
  JsonValue& meta = EnsureObject(patch, "metadata", a);
  JsonValue list(rapidjson::kArrayType);
  for (const JsonValue& f : Path(object, "metadata.finalizers")->GetArray()) {
    if (View(f) != finalizer) list.PushBack(JsonValue(f, a), a);
  }
  SetMember(meta, "finalizers", std::move(list), a);
  SetString(meta, "resourceVersion", StringAt(object, "metadata.resourceVersion"), a);
  log()->info("{}: removing finalizer {}", client::ObjectKey(object), finalizer);
  auto patched = ClientFor(monitor, object)
                     .Patch(StringAt(object, "metadata.name"), client::PatchType::kMerge,
                            ToJsonString(patch));
  return patched.ok() || patched.status().IsNotFound() ? Status::Ok() : patched.status();
}

Status GarbageCollector::OrphanDependents(size_t monitor, const JsonValue& owner) {
  std::string_view uid = StringAt(owner, "metadata.uid");
  for (const auto& [m, dependent] : Dependents(uid)) {
    auto patched = ClientFor(m, *dependent)
                       .Patch(StringAt(*dependent, "metadata.name"), client::PatchType::kStrategicMerge,
                              ReleasePatch(uid, StringAt(*dependent, "metadata.uid")));
    if (!patched.ok() && !patched.status().IsNotFound()) return patched.status();
  }
  return RemoveFinalizer(monitor, owner, kOrphan);
}

Status GarbageCollector::DeleteDependentsFirst(size_t monitor, const JsonValue& owner) {
  std::string_view uid = StringAt(owner, "metadata.uid");
  bool blocked = false;
  for (const auto& [m, dependent] : Dependents(uid)) {
    for (const OwnerRef& ref : OwnerRefsOf(*dependent)) {
      if (ref.uid == uid && ref.block_owner_deletion) blocked = true;
    }
    if (IsBeingDeleted(*dependent)) continue;
    // CollectDependent decides: other owners may keep it.
    EKS_RETURN_IF_ERROR(CollectDependent(m, *dependent));
  }
  if (blocked) return Status::Ok();  // deletions of the dependents requeue the owner
  return RemoveFinalizer(monitor, owner, kForeground);
}

Status GarbageCollector::Sync(const std::string& key) {
  size_t bar = key.find('|');
  if (bar == std::string::npos) return Status::Ok();
  size_t monitor = std::stoul(key.substr(0, bar));
  if (monitor >= monitors_.size()) return Status::Ok();
  ObjectPtr object = monitors_[monitor].informer->indexer().Get(key.substr(bar + 1));
  if (object == nullptr) return Status::Ok();
  if (IsBeingDeleted(*object)) {
    if (HasFinalizer(*object, kOrphan)) return OrphanDependents(monitor, *object);
    if (HasFinalizer(*object, kForeground)) return DeleteDependentsFirst(monitor, *object);
  }
  return CollectDependent(monitor, *object);
}

}  // namespace

std::vector<MonitoredResource> DefaultMonitoredResources() {
  namespace r = client::resources;
  return {
      {r::kPods, "Pod", true},
      {r::kReplicaSets, "ReplicaSet", true},
      {r::kDeployments, "Deployment", true},
      {r::kStatefulSets, "StatefulSet", true},
      {r::kDaemonSets, "DaemonSet", true},
      {r::kControllerRevisions, "ControllerRevision", true},
      {r::kJobs, "Job", true},
      {r::kCronJobs, "CronJob", true},
      {r::kEndpointSlices, "EndpointSlice", true},
      {r::kEndpoints, "Endpoints", true},
      {r::kServices, "Service", true},
      {r::kConfigMaps, "ConfigMap", true},
      {r::kSecrets, "Secret", true},
      {r::kServiceAccounts, "ServiceAccount", true},
      {r::kPersistentVolumeClaims, "PersistentVolumeClaim", true},
      {r::kLeases, "Lease", true},
      {r::kReplicationControllers, "ReplicationController", true},
      {r::kPodDisruptionBudgets, "PodDisruptionBudget", true},
      {r::kHorizontalPodAutoscalers, "HorizontalPodAutoscaler", true},
      {r::kNodes, "Node", false},
  };
}

std::unique_ptr<Component> NewGarbageCollector(const client::DynamicClient& client,
                                               client::InformerFactory& informers,
                                               GarbageCollectorOptions options) {
  return std::make_unique<GarbageCollector>(client, informers, std::move(options));
}

}  // namespace ekslite::controllers

#include "controllers/garbagecollector/garbage_collector.h"

#include <chrono>
#include <shared_mutex>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "core/client/resource.h"
#include "core/thread_annotations.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

constexpr std::string_view kForeground = "foregroundDeletion";
constexpr std::string_view kOrphan = "orphan";
constexpr std::string_view kUidIndex = "uid";
// The key that asks for a new monitor's dependents to be looked at again.
constexpr std::string_view kSyncedPrefix = "synced|";

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
        client_(client),
        clock_(options.clock) {
    std::vector<std::shared_ptr<client::SharedInformer>> watched;
    {
      std::unique_lock<std::shared_mutex> lock(monitors_mu_);
      for (MonitoredResource& resource : options.resources) {
        auto informer = informers.ForResource(resource.resource);
        watched.push_back(informer);
        AddMonitorLocked(std::move(resource), std::move(informer), false);
      }
    }
    for (size_t i = 0; i < watched.size(); ++i) WatchInformer(watched[i], HandlersFor(i));
    if (options.custom_resources) {
      client::EventHandlers crds;
      crds.on_add = [this](const ObjectPtr& crd) { OnCrd(*crd); };
      crds.on_update = [this](const ObjectPtr&, const ObjectPtr& crd) { OnCrd(*crd); };
      crds.on_delete = [this](const ObjectPtr& crd) { OnCrdDeleted(*crd); };
      WatchInformer(informers.ForResource(client::resources::kCustomResourceDefinitions),
                    std::move(crds));
    }
  }
  ~GarbageCollector() override { Stop(); }

  void Stop() override {
    // The custom resources' informers call into this object: stop them first.
    std::vector<std::shared_ptr<client::SharedInformer>> owned;
    {
      std::unique_lock<std::shared_mutex> lock(monitors_mu_);
      stopping_ = true;
      for (auto& m : monitors_) {
        if (m->owned && m->active) owned.push_back(m->informer);
        m->active = false;
      }
    }
    for (auto& informer : owned) informer->Stop();
    QueueController::Stop();
  }

 protected:
  Status Sync(const std::string& key) override;

 private:
  // One watched resource. Monitors are only ever added (a key names its
  // monitor by position); one whose CRD went away is made inactive.
  struct Monitor {
    MonitoredResource info;
    std::shared_ptr<client::SharedInformer> informer;
    bool owned = false;   // a custom resource's: started and stopped here
    bool active = true;
  };
  enum class OwnerState { kPresent, kAbsent, kWaiting };

  static std::string Key(size_t monitor, const JsonValue& object) {
    return std::to_string(monitor) + "|" + client::ObjectKey(object);
  }
  size_t AddMonitorLocked(MonitoredResource info, std::shared_ptr<client::SharedInformer> informer,
                          bool owned) EXCLUSIVE_LOCKS_REQUIRED(monitors_mu_);
  client::EventHandlers HandlersFor(size_t monitor);
  // The monitor at `index` (nullptr past the end or inactive).
  const Monitor* MonitorAt(size_t index) const;
  // The active monitors, with their positions.
  std::vector<std::pair<size_t, const Monitor*>> ActiveMonitors() const;
  void OnCrd(const JsonValue& crd);
  void OnCrdDeleted(const JsonValue& crd);
  // Once monitor `index` has synced, queues every object that names its
  // kind as an owner.
  Status RequeueDependentsOf(size_t index);

  void OnChange(size_t monitor, const JsonValue& object);
  void OnDeleted(const JsonValue& object);
  // Every cached object with an ownerReference to `uid`, with its monitor.
  std::vector<std::pair<size_t, ObjectPtr>> Dependents(std::string_view uid) const;
  const Monitor* MonitorFor(std::string_view api_version, std::string_view kind) const;
  StatusOr<OwnerState> ResolveOwner(const JsonValue& dependent, const OwnerRef& ref) const;
  client::ResourceClient ClientFor(const Monitor& monitor, const JsonValue& object) const;

  Status CollectDependent(const Monitor& monitor, const JsonValue& object);
  Status OrphanDependents(const Monitor& monitor, const JsonValue& owner);
  Status DeleteDependentsFirst(const Monitor& monitor, const JsonValue& owner);
  Status RemoveFinalizer(const Monitor& monitor, const JsonValue& object, std::string_view finalizer);

  const client::DynamicClient& client_;
  Clock* const clock_;
  mutable std::shared_mutex monitors_mu_;
  std::vector<std::unique_ptr<Monitor>> monitors_ GUARDED_BY(monitors_mu_);
  bool stopping_ GUARDED_BY(monitors_mu_) = false;
};

size_t GarbageCollector::AddMonitorLocked(MonitoredResource info,
                                          std::shared_ptr<client::SharedInformer> informer,
                                          bool owned) {
  (void)informer->AddIndexers({{std::string(kOwnerUidIndex), OwnerUidIndexFunc()},
                               {std::string(kUidIndex), client::FieldIndexFunc("metadata.uid")}});
  auto m = std::make_unique<Monitor>();
  m->info = std::move(info);
  m->informer = std::move(informer);
  m->owned = owned;
  monitors_.push_back(std::move(m));
  return monitors_.size() - 1;
}

client::EventHandlers GarbageCollector::HandlersFor(size_t i) {
  client::EventHandlers handlers;
  handlers.on_add = [this, i](const ObjectPtr& o) { OnChange(i, *o); };
  handlers.on_update = [this, i](const ObjectPtr&, const ObjectPtr& o) { OnChange(i, *o); };
  handlers.on_delete = [this, i](const ObjectPtr& o) { OnDeleted(*o); };
  return handlers;
}

const GarbageCollector::Monitor* GarbageCollector::MonitorAt(size_t index) const {
  std::shared_lock<std::shared_mutex> lock(monitors_mu_);
  if (index >= monitors_.size() || !monitors_[index]->active) return nullptr;
  return monitors_[index].get();
}

std::vector<std::pair<size_t, const GarbageCollector::Monitor*>> GarbageCollector::ActiveMonitors()
    const {
  std::shared_lock<std::shared_mutex> lock(monitors_mu_);
  std::vector<std::pair<size_t, const Monitor*>> out;
  for (size_t i = 0; i < monitors_.size(); ++i) {
    if (monitors_[i]->active) out.emplace_back(i, monitors_[i].get());
  }
  return out;
}

// A custom resource is watched once its CRD is Established, at the version
// it is stored in.
void GarbageCollector::OnCrd(const JsonValue& crd) {
  const JsonValue* established = FindCondition(crd, "Established");
  if (established == nullptr || StringAt(*established, "status") != "True") return;
  MonitoredResource info;
  info.kind = std::string(StringAt(crd, "spec.names.kind"));
  info.namespaced = StringAt(crd, "spec.scope") != "Cluster";
  info.resource.group = std::string(StringAt(crd, "spec.group"));
  info.resource.resource = std::string(StringAt(crd, "spec.names.plural"));
  const JsonValue* versions = Path(crd, "spec.versions");
  if (versions == nullptr || !versions->IsArray()) return;
  for (const JsonValue& v : versions->GetArray()) {
    if (Member(v, "storage") != nullptr && Member(v, "storage")->IsTrue()) {
      info.resource.version = std::string(StringAt(v, "name"));
    }
  }
  if (info.kind.empty() || info.resource.version.empty()) return;
  std::shared_ptr<client::SharedInformer> retired;
  {
    std::unique_lock<std::shared_mutex> lock(monitors_mu_);
    if (stopping_) return;
    for (auto& m : monitors_) {
      if (!m->active || m->info.kind != info.kind || m->info.resource.group != info.resource.group) {
        continue;
      }
      if (m->info.resource == info.resource || !m->owned) return;
      m->active = false;  // the stored version changed: watch the new one
      retired = m->informer;
    }
    client::InformerOptions options;
    options.resource = info.resource;
    options.transform = client::DropManagedFields();
    options.clock = clock_;
    size_t i = AddMonitorLocked(info, client::NewSharedInformer(client_, options), true);
    monitors_[i]->informer->AddEventHandler(HandlersFor(i));
    monitors_[i]->informer->Start();
    // Objects that name this kind as an owner were judged without its cache
    // (or before it existed): look at them again once it has synced.
    queue().Add(std::string(kSyncedPrefix) + std::to_string(i));
  }
  if (retired) retired->Stop();
  log()->info("watching {}.{} for owner references", info.resource.resource, info.resource.group);
}

void GarbageCollector::OnCrdDeleted(const JsonValue& crd) {
  std::string_view group = StringAt(crd, "spec.group");
  std::string_view kind = StringAt(crd, "spec.names.kind");
  std::shared_ptr<client::SharedInformer> retired;
  {
    std::unique_lock<std::shared_mutex> lock(monitors_mu_);
    for (auto& m : monitors_) {
      if (m->owned && m->active && m->info.kind == kind && m->info.resource.group == group) {
        m->active = false;
        retired = m->informer;
      }
    }
  }
  if (retired) retired->Stop();
}

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
    for (const auto& [i, m] : ActiveMonitors()) {
      auto owners = m->informer->indexer().ByIndex(kUidIndex, ref.uid);
      if (!owners.ok()) continue;
      for (const ObjectPtr& owner : *owners) queue().Add(Key(i, *owner));
    }
  }
}

std::vector<std::pair<size_t, ObjectPtr>> GarbageCollector::Dependents(std::string_view uid) const {
  std::vector<std::pair<size_t, ObjectPtr>> out;
  if (uid.empty()) return out;
  for (const auto& [i, m] : ActiveMonitors()) {
    auto dependents = m->informer->indexer().ByIndex(kOwnerUidIndex, uid);
    if (!dependents.ok()) continue;
    for (ObjectPtr& d : *dependents) out.emplace_back(i, std::move(d));
  }
  return out;
}

const GarbageCollector::Monitor* GarbageCollector::MonitorFor(std::string_view api_version,
                                                              std::string_view kind) const {
  std::string_view group = GroupOf(api_version);
  for (const auto& [i, m] : ActiveMonitors()) {
    if (m->info.kind == kind && m->info.resource.group == group) return m;
  }
  return nullptr;
}

client::ResourceClient GarbageCollector::ClientFor(const Monitor& m, const JsonValue& object) const {
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

Status GarbageCollector::CollectDependent(const Monitor& monitor, const JsonValue& object) {
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
  log()->info("deleting {} {} (owners gone), propagation {}", monitor.info.kind, key,
              options.propagation_policy);
  auto deleted = client.Delete(StringAt(object, "metadata.name"), options);
  if (deleted.ok() || deleted.status().IsNotFound() || deleted.status().IsConflict()) return Status::Ok();
  return deleted.status();
}

Status GarbageCollector::RemoveFinalizer(const Monitor& monitor, const JsonValue& object,
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

Status GarbageCollector::OrphanDependents(const Monitor& monitor, const JsonValue& owner) {
  std::string_view uid = StringAt(owner, "metadata.uid");
  for (const auto& [i, dependent] : Dependents(uid)) {
    const Monitor* m = MonitorAt(i);
    if (m == nullptr) continue;
    auto patched = ClientFor(*m, *dependent)
                       .Patch(StringAt(*dependent, "metadata.name"), client::PatchType::kStrategicMerge,
                              ReleasePatch(uid, StringAt(*dependent, "metadata.uid")));
    if (!patched.ok() && !patched.status().IsNotFound()) return patched.status();
  }
  return RemoveFinalizer(monitor, owner, kOrphan);
}

Status GarbageCollector::DeleteDependentsFirst(const Monitor& monitor, const JsonValue& owner) {
  std::string_view uid = StringAt(owner, "metadata.uid");
  bool blocked = false;
  for (const auto& [i, dependent] : Dependents(uid)) {
    const Monitor* m = MonitorAt(i);
    if (m == nullptr) continue;
    for (const OwnerRef& ref : OwnerRefsOf(*dependent)) {
      if (ref.uid == uid && ref.block_owner_deletion) blocked = true;
    }
    if (IsBeingDeleted(*dependent)) continue;
    // CollectDependent decides: other owners may keep it.
    EKS_RETURN_IF_ERROR(CollectDependent(*m, *dependent));
  }
  if (blocked) return Status::Ok();  // deletions of the dependents requeue the owner
  return RemoveFinalizer(monitor, owner, kForeground);
}

Status GarbageCollector::RequeueDependentsOf(size_t index) {
  const Monitor* owner_kind = MonitorAt(index);
  if (owner_kind == nullptr) return Status::Ok();
  if (!owner_kind->informer->HasSynced()) {
    queue().AddAfter(std::string(kSyncedPrefix) + std::to_string(index),
                     std::chrono::milliseconds(100));
    return Status::Ok();
  }
  for (const auto& [i, m] : ActiveMonitors()) {
    for (const ObjectPtr& object : m->informer->indexer().List()) {
      for (const OwnerRef& ref : OwnerRefsOf(*object)) {
        if (ref.kind == owner_kind->info.kind &&
            GroupOf(ref.api_version) == owner_kind->info.resource.group) {
          queue().Add(Key(i, *object));
          break;
        }
      }
    }
  }
  return Status::Ok();
}

Status GarbageCollector::Sync(const std::string& key) {
  if (key.rfind(kSyncedPrefix, 0) == 0) {
    return RequeueDependentsOf(std::stoul(key.substr(kSyncedPrefix.size())));
  }
  size_t bar = key.find('|');
  if (bar == std::string::npos) return Status::Ok();
  const Monitor* monitor = MonitorAt(std::stoul(key.substr(0, bar)));
  if (monitor == nullptr) return Status::Ok();
  ObjectPtr object = monitor->informer->indexer().Get(key.substr(bar + 1));
  if (object == nullptr) return Status::Ok();
  if (IsBeingDeleted(*object)) {
    if (HasFinalizer(*object, kOrphan)) return OrphanDependents(*monitor, *object);
    if (HasFinalizer(*object, kForeground)) return DeleteDependentsFirst(*monitor, *object);
  }
  return CollectDependent(*monitor, *object);
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

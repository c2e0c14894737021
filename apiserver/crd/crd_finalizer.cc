// CrdController's finalizing of deleted CRDs (crd_controller.h): what
// upstream's CRD finalizer controller does, on the controller's thread.
#include <algorithm>

#include "apiserver/crd/crd_controller.h"
#include "apiserver/crd/crd_model.h"
#include "apiserver/crd/crd_status.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

// The writes are the apiserver's own.
WriteOptions ControllerWrite(const std::string& subresource) {
  WriteOptions o;
  o.field_manager = "kube-apiserver";
  o.user = "system:apiserver";
  o.subresource = subresource;
  return o;
}

bool Terminating(const CrdModel& crd) { return crd.terminating && crd.has_cleanup_finalizer; }

}  // namespace

bool CrdController::FinalizeAll() {
  CacheListOptions all;
  all.prefix = crd_cache_->prefix();
  auto list = crd_cache_->List(all);
  if (!list.ok()) return true;
  bool retry = false;
  for (const ObjectPtr& o : list->items) {
    auto doc = ParseJson(o->json);
    if (!doc.ok() || !Terminating(ReadCrd(*doc))) continue;
    retry = !Finalize(o->index.name) || retry;
  }
  return retry;
}

bool CrdController::Finalize(const std::string& name) {
  auto current = options_.registry->Get(*crds_, "", name);
  if (!current.ok()) return true;  // gone already
  auto doc = ParseJson((*current)->json);
  if (!doc.ok()) return true;
  CrdModel crd = ReadCrd(*doc);
  if (!Terminating(crd)) return true;
  std::shared_ptr<const ResourceInfo> storage = StorageEntry(name);
  if (crd.established && storage != nullptr) {
    Status s = WriteCondition(name, "True", "InstanceDeletionInProgress",
                              "CustomResource deletion is in progress");
    if (!s.ok()) return false;
    size_t remaining = 0;
    s = DeleteInstances(*storage, &remaining);
    if (!s.ok()) {
      (void)WriteCondition(name, "True", "InstanceDeletionFailed",
                           "could not issue all deletes: " + s.message());
      return false;
    }
    if (remaining > 0) {
      Logger("apiserver")
          ->info("{}.{} waiting for {} items to be removed", storage->resource, storage->group,
                 remaining);
      return false;
    }
    s = WriteCondition(name, "False", "InstanceDeletionCompleted", "removed all instances");
    if (!s.ok()) return false;
  } else {
    if (crd.established) {
      Logger("apiserver")
          ->warn("customresourcedefinition {} was not served; its objects stay", name);
    }
    Status s = WriteCondition(name, "False", "NeverEstablished", "resource was never established");
    if (!s.ok()) return false;
  }
  if (!RemoveFinalizer(name).ok()) return false;
  Logger("apiserver")->info("customresourcedefinition {} finalized", name);
  Sync();
  return true;
}

Status CrdController::DeleteInstances(const ResourceInfo& storage, size_t* remaining) {
  ResourceCache* cache = options_.registry->CacheFor(storage);
  if (cache == nullptr) return Status::Ok();
  CacheListOptions all;
  all.prefix = cache->prefix();
  EKS_ASSIGN_OR_RETURN(CacheListResult items, cache->List(all));
  for (const ObjectPtr& o : items.items) {
    auto deleted =
        options_.registry->Delete(storage, o->index.namespace_, o->index.name, DeleteOptions{});
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  }
  EKS_ASSIGN_OR_RETURN(CacheListResult left, cache->List(all));
  *remaining = left.items.size();
  return Status::Ok();
}

Status CrdController::WriteCondition(const std::string& crd_name, const std::string& status,
                                     const std::string& reason, const std::string& message) {
  Clock& clock = options_.registry->clock();
  Mutation set = [&](Json& crd) {
    SetCondition(crd, "Terminating", status, reason, message, clock.Now());
    return Status::Ok();
  };
  auto r = options_.registry->Mutate(*crds_, "", crd_name, set, ControllerWrite("status"));
  return r.ok() || r.status().IsNotFound() ? Status::Ok() : r.status();
}

Status CrdController::RemoveFinalizer(const std::string& crd_name) {
  Mutation remove = [](Json& crd) {
    JsonValue* finalizers =
        Path(crd, "metadata.finalizers") != nullptr ? &crd["metadata"]["finalizers"] : nullptr;
    if (finalizers == nullptr || !finalizers->IsArray()) return Status::Ok();
    for (auto it = finalizers->Begin(); it != finalizers->End();) {
      if (it->IsString() && View(*it) == kCleanupFinalizer) {
        it = finalizers->Erase(it);
      } else {
        ++it;
      }
    }
    return Status::Ok();
  };
  auto r = options_.registry->Mutate(*crds_, "", crd_name, remove, ControllerWrite(""));
  return r.ok() || r.status().IsNotFound() ? Status::Ok() : r.status();
}

}  // namespace ekslite::apiserver

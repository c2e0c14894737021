// Registry: the generic create / read / update / delete of any resource,
// applying what every Kubernetes object shares (metadata, resourceVersion and
// optimistic concurrency, generation, finalizers and deletion, dry run) and
// calling the resource's Strategy for the rest. Reads come from the watch
// cache; writes go to the store and return once the cache has them.
#ifndef EKSLITE_APISERVER_REGISTRY_REGISTRY_H_
#define EKSLITE_APISERVER_REGISTRY_REGISTRY_H_

#include <functional>
#include <memory>
#include <random>
#include <string>

#include "apiserver/cache/watch_cache.h"
#include "apiserver/resources/resource_table.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"
#include "storage/store.h"

namespace ekslite::apiserver {

struct WriteOptions {
  bool dry_run = false;
  std::string field_manager;
  std::string user;
  // "", "status": which part of the object a write may change. Other
  // subresources that write the object itself ("binding") write as "" does;
  // the resource's strategy sees the name in WriteContext.
  std::string subresource;
  // Set by server-side apply, which maintains metadata.managedFields itself;
  // for every other write the registry records an Update by field_manager.
  bool server_side_apply = false;
};

struct DeleteOptions {
  bool dry_run = false;
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;  // "", "Orphan", "Background", "Foreground"
  std::string precondition_uid;
  std::string precondition_resource_version;
};

// The outcome of a write: the object as served (resourceVersion included), and
// whether it was created (201) or changed (200).
struct WriteResult {
  std::string json;
  bool created = false;
  // Set for deletions that completed: the deleted object's uid.
  std::string deleted_uid;
  bool deleted = false;
};

// Changes the current object (a parsed copy) into the desired one; returns an
// error to abort the write.
using Mutation = std::function<Status(Json& object)>;

// Kept by Registry::Create until the admitted object is written (or the
// create fails): admission decisions that must see each other's writes
// (quota) hold a lock in it.
using AdmissionHold = std::shared_ptr<void>;

// Admission of a new object: runs after the resource's own defaults and
// before validation, may change `object`, and refuses the create with the
// error it returns (apiserver/admission). It may set `*hold`.
using AdmissionHook = std::function<Status(const ResourceInfo& info, Json& object,
                                           const WriteContext& ctx, AdmissionHold* hold)>;

class Registry {
 public:
  Registry(storage::Store& store, WatchCache& cache, Clock& clock);

  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The cache of a resource's storage; null when it has none (never for
  // resources from the table).
  ResourceCache* CacheFor(const ResourceInfo& info) const;

  // The current object, or kNotFound (`configmaps "x" not found`).
  StatusOr<ObjectPtr> Get(const ResourceInfo& info, const std::string& ns,
                          const std::string& name) const;

  // Creates `object` in namespace `ns` (ignored for cluster-scoped resources).
  StatusOr<WriteResult> Create(const ResourceInfo& info, const std::string& ns, Json object,
                               const WriteOptions& options);

  // Replaces the object `name` with `object` (PUT). A resourceVersion in
  // `object` must match the stored one (else kConflict); without one the
  // update is unconditional.
  StatusOr<WriteResult> Update(const ResourceInfo& info, const std::string& ns,
                               const std::string& name, Json object, const WriteOptions& options);

  // Reads the object, applies `mutate` to a copy and writes the result,
  // retrying on conflicts when the mutation did not pin a resourceVersion
  // (PATCH).
  StatusOr<WriteResult> Mutate(const ResourceInfo& info, const std::string& ns,
                               const std::string& name, const Mutation& mutate,
                               const WriteOptions& options);

  // Deletes the object: at once, or by setting deletionTimestamp when it has
  // finalizers (or a graceful deletion is due). Returns the deleted or
  // terminating object.
  StatusOr<WriteResult> Delete(const ResourceInfo& info, const std::string& ns,
                               const std::string& name, const DeleteOptions& options);

  // True when namespace `ns` exists; kForbidden-worthy when it is terminating
  // is reported through `terminating`.
  bool NamespaceExists(const std::string& ns, bool* terminating) const;

  Clock& clock() { return clock_; }
  const ResourceTable* table() const { return table_; }
  void set_table(const ResourceTable* table) { table_ = table; }
  // Installs the admission of creates. Not thread-safe: set before serving.
  void set_admission(AdmissionHook hook) { admission_ = std::move(hook); }

 private:
  StatusOr<WriteResult> UpdateFrom(const ResourceInfo& info, const std::string& key,
                                   const ObjectPtr& current, Json object,
                                   const WriteOptions& options);
  StatusOr<WriteResult> StoreUpdate(const ResourceInfo& info, const std::string& key,
                                    const ObjectPtr& current, Json& object, bool dry_run);
  Status CheckNamespace(const ResourceInfo& info, const std::string& ns) const;
  std::string NewUid();

  storage::Store& store_;
  WatchCache& cache_;
  Clock& clock_;
  const ResourceTable* table_ = nullptr;
  AdmissionHook admission_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;  // GUARDED_BY(rng_mu_)
};

// `configmaps "x" not found`, as upstream words it.
Status NotFoundError(const ResourceInfo& info, const std::string& name);
// The 409 for a stale resourceVersion.
Status ConflictError(const ResourceInfo& info, const std::string& name);
// The resource as upstream qualifies it in messages: "configmaps",
// "deployments.apps".
std::string QualifiedResource(const ResourceInfo& info);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_REGISTRY_H_

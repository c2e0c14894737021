// CrdController: serves the custom resources of the stored
// CustomResourceDefinitions, and finalizes deleted ones.
//
// Serving (Sync): for every established CRD (condition Established=True,
// with accepted names and at least one served version) the ResourceTable
// holds one entry per served version (custom_resource_info.h), and the watch
// cache a cache for the objects; CRDs deleted or no longer established leave
// the table. A CRD whose spec or accepted names changed has its entries
// rebuilt and swapped in (ResourceTable::Replace): requests already running
// finish with the entries they pinned, the next ones see the new version
// set, columns and schema. Unchanged CRDs are left alone.
//
// Sync runs (1) synchronously after every CRD write served by the API
// (OnCrdWritten, before the response goes out, so the client that created a
// CRD finds its resources in discovery at once), (2) at Start, so CRDs
// survive a restart, and (3) on the controller's own thread whenever the
// CRD cache changes (writes through other paths, other apiservers).
//
// The watch cache of a resource's objects is created the first time it is
// served and kept (with its field-selector index) for the process's life:
// selectable fields added to a served CRD index from the next restart.
//
// Finalizing (on the controller's thread): a CRD marked for deletion with the
// finalizer customresourcecleanup.apiextensions.k8s.io gets the condition
// Terminating=True/InstanceDeletionInProgress, its custom resources are
// deleted (creates are refused meanwhile), and once none remain the condition
// becomes Terminating=False/InstanceDeletionCompleted ("removed all
// instances") and the finalizer is removed, which deletes the CRD. Objects
// held by finalizers of their own are retried every `retry`. A CRD that was
// never established skips the deletion (NeverEstablished).
#ifndef EKSLITE_APISERVER_CRD_CRD_CONTROLLER_H_
#define EKSLITE_APISERVER_CRD_CRD_CONTROLLER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "apiserver/cache/watch_cache.h"
#include "apiserver/crd/crd_model.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/resource_table.h"
#include "core/status.h"
#include "core/thread_annotations.h"

namespace ekslite::apiserver {

struct CrdControllerOptions {
  // All must outlive the controller. The table must hold the built-in
  // customresourcedefinitions resource, and the cache must be started.
  ResourceTable* table = nullptr;
  WatchCache* cache = nullptr;
  Registry* registry = nullptr;
  // Makes the cache entries of a resource's objects (the apiserver's, so that
  // custom resources are indexed like built-in ones).
  std::function<EntryBuilder(const ResourceInfo&)> entry_builder;
  // How long before deleting a terminating CRD's remaining objects again.
  std::chrono::milliseconds retry{1000};
};

class CrdController {
 public:
  // Serves the stored CRDs (the first Sync) and starts the controller's
  // thread. kInvalid for incomplete options; the cache's errors.
  static StatusOr<std::unique_ptr<CrdController>> Start(const CrdControllerOptions& options);

  // Stops the thread (an ongoing step finishes first).
  ~CrdController();

  CrdController(const CrdController&) = delete;
  CrdController& operator=(const CrdController&) = delete;

  // Called after a CRD write was served: syncs at once and wakes the thread
  // for the finalizing. Thread-safe.
  void OnCrdWritten();

  // Brings the table in line with the stored CRDs. Thread-safe (serialized).
  void Sync();

 private:
  struct Served;
  // Wakes the thread; shared with the CRD watch's callback, which may run on
  // the store's writer thread until the watch is closed.
  struct Signal {
    std::mutex mu;
    std::condition_variable cv;
    bool dirty = false;     // GUARDED_BY(mu)
    bool stopping = false;  // GUARDED_BY(mu)
    void Raise();
  };

  explicit CrdController(const CrdControllerOptions& options);
  void Run();
  void Watch();
  void SyncOne(const CrdModel& crd, const std::string& fingerprint)
      EXCLUSIVE_LOCKS_REQUIRED(sync_mu_);
  // The served entry storing `crd_name`'s objects (pinned), or null.
  std::shared_ptr<const ResourceInfo> StorageEntry(const std::string& crd_name);

  // crd_finalizer.cc. FinalizeAll is true when a CRD must be retried;
  // Finalize is true when `name` needs nothing more.
  bool FinalizeAll();
  bool Finalize(const std::string& name);
  Status DeleteInstances(const ResourceInfo& storage, size_t* remaining);
  Status WriteCondition(const std::string& crd_name, const std::string& status,
                        const std::string& reason, const std::string& message);
  Status RemoveFinalizer(const std::string& crd_name);

  const CrdControllerOptions options_;
  const ResourceInfo* crds_ = nullptr;  // the built-in resource (never removed)
  ResourceCache* crd_cache_ = nullptr;

  std::mutex sync_mu_;                                     // serializes Sync
  std::map<std::string, std::shared_ptr<Served>> served_;  // GUARDED_BY(sync_mu_), by CRD name

  std::shared_ptr<Signal> signal_ = std::make_shared<Signal>();
  std::shared_ptr<CacheWatcher> watcher_;  // used by the thread only (and Start)
  std::thread worker_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CRD_CONTROLLER_H_

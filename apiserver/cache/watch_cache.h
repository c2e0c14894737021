// WatchCache: the apiserver's read path. It watches the whole store once and
// dispatches each event, in revision order, to the ResourceCache of the key's
// resource. The store calls it on the writer thread before a write returns, so
// once a write is acknowledged every read sees it (read-your-writes).
#ifndef EKSLITE_APISERVER_CACHE_WATCH_CACHE_H_
#define EKSLITE_APISERVER_CACHE_WATCH_CACHE_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apiserver/cache/resource_cache.h"
#include "storage/store.h"

namespace ekslite::apiserver {

// The resource prefix of a storage key: "/core/configmaps/" for
// "/core/configmaps/ns/name"; "" for a key of another shape.
std::string ResourcePrefix(const std::string& key);

class WatchCache {
 public:
  explicit WatchCache(storage::Store& store, size_t history_capacity = 10000);
  ~WatchCache();

  WatchCache(const WatchCache&) = delete;
  WatchCache& operator=(const WatchCache&) = delete;

  // Registers the cache for keys starting with `prefix` (e.g.
  // "/core/configmaps/"). Must be called for every resource before Start.
  ResourceCache* AddResource(const std::string& prefix, EntryBuilder builder);
  // A cache registered after Start (a custom resource): loaded from the store
  // at once. Thread-safe.
  StatusOr<ResourceCache*> AddResourceLive(const std::string& prefix, EntryBuilder builder);

  // Loads every resource from the store and starts following its events.
  Status Start();
  // Ends every watch; the cache stops following the store.
  void Stop();

  // The cache for the resource whose keys start with `prefix`, or null.
  ResourceCache* Find(const std::string& prefix) const;
  // Every change up to this revision has been applied to the caches.
  int64_t applied_revision() const { return applied_.load(); }

 private:
  void Dispatch(const storage::Event& event);

  storage::Store& store_;
  const size_t history_capacity_;
  std::atomic<int64_t> applied_{0};
  mutable std::mutex mu_;  // guards caches_ (the map, not the caches)
  std::map<std::string, std::unique_ptr<ResourceCache>> caches_;
  // Resources being added live: their events, buffered until the load is done.
  std::map<std::string, std::vector<storage::Event>> loading_;
  std::unique_ptr<storage::Watch> watch_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CACHE_WATCH_CACHE_H_

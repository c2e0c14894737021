// ResourceCache: the in-memory state of one stored resource (all objects under
// one key prefix, e.g. "/core/configmaps/"), a bounded history of its changes,
// and its watchers. Every read of the API is served from here.
//
// The WatchCache feeds it the store's events in revision order. Lists at a
// past revision (continue tokens, resourceVersionMatch=Exact) are answered by
// undoing the history newer than that revision, so paging is consistent
// without touching storage.
#ifndef EKSLITE_APISERVER_CACHE_RESOURCE_CACHE_H_
#define EKSLITE_APISERVER_CACHE_RESOURCE_CACHE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apiserver/cache/cache_watcher.h"
#include "apiserver/cache/cached_object.h"
#include "core/status.h"
#include "storage/store.h"

namespace ekslite::apiserver {

// Turns a stored value into a cache entry (parses it once, splices in the
// resourceVersion, extracts the index). Returns null for a value that is not
// valid JSON (it is then ignored).
using EntryBuilder =
    std::function<ObjectPtr(const std::string& key, const std::string& value, int64_t revision)>;

struct CacheListOptions {
  std::string prefix;     // the resource prefix, or one namespace's
  std::string start_key;  // "" = from the beginning of `prefix`
  int64_t limit = 0;      // 0 = no limit
  int64_t revision = 0;   // 0 = the current state
  ObjectFilter filter;    // null = everything
  // Count the objects after a limited page (CacheListResult::remaining). It
  // walks the rest of the prefix, so pages after the first pass the count on
  // in their continue token instead.
  bool count_remaining = true;
};

struct CacheListResult {
  std::vector<ObjectPtr> items;
  int64_t revision = 0;    // the list's resourceVersion
  std::string next_key;    // where the next page starts; "" when complete
  int64_t remaining = -1;  // items after this page (-1 when unknown: a filter is set)
};

class ResourceCache {
 public:
  // `applied` is the WatchCache's global applied revision, which this cache
  // advances (under its own lock) as it applies events.
  ResourceCache(std::string prefix, EntryBuilder builder, std::atomic<int64_t>* applied,
                size_t history_capacity);

  ResourceCache(const ResourceCache&) = delete;
  ResourceCache& operator=(const ResourceCache&) = delete;

  const std::string& prefix() const { return prefix_; }

  // Loads the initial state (the store's list at `revision`).
  void Load(const std::vector<storage::KeyValue>& items, int64_t revision);
  // Applies one store event (its key has this cache's prefix).
  void Apply(const storage::Event& event);

  // The current version of `key`, or null.
  ObjectPtr Get(const std::string& key) const;

  // Lists objects. kExpired when `options.revision` is older than the history
  // this cache holds.
  StatusOr<CacheListResult> List(const CacheListOptions& options) const;

  // Starts a watch on keys with `prefix` (a namespace's or the resource's)
  // delivering every change after `revision` that passes `filter`; with
  // `initial` it first delivers the current matching objects as kAdded (the
  // revision is then ignored). kExpired when `revision` is older than the
  // history this cache holds.
  StatusOr<std::shared_ptr<CacheWatcher>> Watch(const std::string& prefix, int64_t revision,
                                                bool initial, ObjectFilter filter,
                                                size_t queue_capacity);
  // Queues a bookmark at the current applied revision for `watcher`.
  void Bookmark(const std::shared_ptr<CacheWatcher>& watcher);
  // Ends every watch (server shutdown).
  void EndWatches();

  size_t size() const;

 private:
  struct Registered {
    std::string prefix;
    std::weak_ptr<CacheWatcher> watcher;
  };

  void Record(CacheEvent event);  // EXCLUSIVE_LOCKS_REQUIRED(mu_)
  bool ListAt(const CacheListOptions& options, CacheListResult* out) const;

  const std::string prefix_;
  const EntryBuilder builder_;
  std::atomic<int64_t>* const applied_;
  const size_t history_capacity_;

  mutable std::mutex mu_;
  std::map<std::string, ObjectPtr> objects_;  // GUARDED_BY(mu_)
  std::deque<CacheEvent> history_;            // GUARDED_BY(mu_)
  // Every change after this revision is in history_.
  int64_t history_start_ = 0;         // GUARDED_BY(mu_)
  std::vector<Registered> watchers_;  // GUARDED_BY(mu_)
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CACHE_RESOURCE_CACHE_H_

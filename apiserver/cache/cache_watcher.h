// CacheWatcher: one watch's queue of events, filled by the cache (on the
// store's writer thread) and drained by the watch's response stream.
#ifndef EKSLITE_APISERVER_CACHE_CACHE_WATCHER_H_
#define EKSLITE_APISERVER_CACHE_CACHE_WATCHER_H_

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "apiserver/cache/cached_object.h"

namespace ekslite::apiserver {

// Decides whether an object version belongs to a watch (namespace, label and
// field selectors).
using ObjectFilter = std::function<bool(const CachedObject&)>;

class CacheWatcher {
 public:
  // A watcher whose queue holds at most `capacity` events; past that the
  // consumer is too slow and the watch ends (the client re-watches).
  // Live changes at or below `after_revision` are ignored (a watch from a
  // resourceVersion newer than the cache has seen).
  CacheWatcher(ObjectFilter filter, size_t capacity, int64_t after_revision = 0);

  CacheWatcher(const CacheWatcher&) = delete;
  CacheWatcher& operator=(const CacheWatcher&) = delete;

  // Offers a change; the watcher turns it into what this watch sees (a change
  // that makes an object stop matching is a kDeleted, one that makes it start
  // matching a kAdded) or drops it. Called by the cache, in revision order.
  void Offer(const CacheEvent& event);
  // Queues an event as is (initial ADDED events, bookmarks).
  void Push(CacheEvent event);
  // Ends the watch: the consumer sees the queued events and then the end.
  void End();

  // Moves the queued events to `*out`. Returns false once the watch has ended
  // and everything was taken.
  bool Take(std::vector<CacheEvent>* out);
  // Calls `wake` once when Take has something new (at once if it has now).
  void OnReady(std::function<void()> wake);
  // The consumer went away; drops the queue and any pending wake.
  void Close();
  bool closed() const;

  const ObjectFilter& filter() const { return filter_; }

 private:
  void PushLocked(CacheEvent event, std::function<void()>* wake);

  const ObjectFilter filter_;
  const size_t capacity_;
  const int64_t after_revision_;
  mutable std::mutex mu_;
  std::deque<CacheEvent> queue_;  // GUARDED_BY(mu_)
  bool ended_ = false;            // GUARDED_BY(mu_)
  bool closed_ = false;           // GUARDED_BY(mu_)
  std::function<void()> wake_;    // GUARDED_BY(mu_)
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CACHE_CACHE_WATCHER_H_

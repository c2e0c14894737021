// WatchHub: fans committed events out to watch sinks, for every backend.
//
// A watch from an old revision is built in three steps, so that no event is
// lost or delivered twice while the backend replays history concurrently with
// new writes:
//
//   auto watch = hub.Subscribe(prefix, sink);   // 1. events published from now
//                                               //    on are held back
//   <read a snapshot of the history, calling watch->Replay(event) for each>
//   watch->GoLive();                            // 2. held-back events newer than
//                                               //    the last replayed one are
//                                               //    delivered; 3. later events
//                                               //    go straight to the sink
//
// This is correct as long as the backend publishes an event only after it is
// visible to snapshots (sqlite: after COMMIT; memory: under the store lock):
// an event is then either in the snapshot, or published after Subscribe and
// so held back, or both (the duplicate is dropped by revision).
#ifndef EKSLITE_STORAGE_WATCH_HUB_H_
#define EKSLITE_STORAGE_WATCH_HUB_H_

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "storage/store.h"
#include "core/thread_annotations.h"

namespace ekslite::storage {

class HubWatch;

class WatchHub {
 public:
  WatchHub() = default;
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // Registers `sink` for events on keys starting with `prefix`. Until
  // HubWatch::GoLive(), published events are held back in the watch. The
  // subscription ends when the returned watch is destroyed. Thread-safe.
  std::unique_ptr<HubWatch> Subscribe(std::string prefix, EventSink sink);

  // Delivers `events` (ascending revisions) to every matching subscription, on
  // the calling thread, before returning. Callers must publish in revision
  // order and from one thread at a time (the backend's writer).
  void Publish(std::span<const Event> events);

  // Whether any subscription is registered. A writer that calls this after
  // making its writes visible may skip building events when it returns false:
  // a subscription registered later reads those writes from its snapshot.
  bool HasSubscribers() const;

 private:
  struct Subscriber;
  friend class HubWatch;

  // Delivers (or holds back) the matching events; false when `s` is cancelled.
  static bool Deliver(Subscriber& s, std::span<const Event> events);

  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_ GUARDED_BY(mu_);
};

// The Watch handed to Store::WatchFrom callers.
class HubWatch final : public Watch {
 public:
  ~HubWatch() override;  // unsubscribes; waits for a sink call in progress

  // Delivers a replayed history event to the sink on the calling thread.
  // Only before GoLive(), in ascending revision order.
  void Replay(const Event& event);

  // Delivers the held-back events newer than the last replayed one, then
  // switches to live delivery (sink called by Publish on the writer thread).
  void GoLive();

 private:
  friend class WatchHub;
  explicit HubWatch(std::shared_ptr<WatchHub::Subscriber> subscriber);

  std::shared_ptr<WatchHub::Subscriber> subscriber_;
};

}  // namespace ekslite::storage

#endif  // EKSLITE_STORAGE_WATCH_HUB_H_

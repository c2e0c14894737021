#include "storage/watch_hub.h"

#include <algorithm>
#include <utility>

#include "storage/key_range.h"

namespace ekslite::storage {

struct WatchHub::Subscriber {
  Subscriber(std::string p, EventSink s) : prefix(std::move(p)), sink(std::move(s)) {}

  const std::string prefix;
  std::mutex mu;
  // Set at construction, cleared by ~HubWatch. Before `live`, only the
  // subscribing thread calls it (Replay, GoLive); after, only Publish does,
  // under `mu`, so a destroyed watch is never called again.
  EventSink sink;
  bool live GUARDED_BY(mu) = false;
  bool cancelled GUARDED_BY(mu) = false;
  std::vector<Event> held GUARDED_BY(mu);  // published before `live`
  int64_t last_replayed = 0;               // subscribing thread only
};

std::unique_ptr<HubWatch> WatchHub::Subscribe(std::string prefix, EventSink sink) {
  auto subscriber = std::make_shared<Subscriber>(std::move(prefix), std::move(sink));
  {
    std::lock_guard<std::mutex> lock(mu_);
    subscribers_.push_back(subscriber);
  }
  return std::unique_ptr<HubWatch>(new HubWatch(std::move(subscriber)));
}

void WatchHub::Publish(std::span<const Event> events) {
  if (events.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  bool pruned = false;
  for (std::shared_ptr<Subscriber>& s : subscribers_) {
    if (!Deliver(*s, events)) {
      s.reset();  // only after its lock is released: this may destroy it
      pruned = true;
    }
  }
  if (pruned) std::erase(subscribers_, nullptr);
}

bool WatchHub::Deliver(Subscriber& s, std::span<const Event> events) {
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.cancelled) return false;
  for (const Event& event : events) {
    if (!HasPrefix(event.key, s.prefix)) continue;
    if (s.live) {
      s.sink(event);
    } else {
      s.held.push_back(event);
    }
  }
  return true;
}

bool WatchHub::HasSubscribers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !subscribers_.empty();
}

HubWatch::HubWatch(std::shared_ptr<WatchHub::Subscriber> subscriber)
    : subscriber_(std::move(subscriber)) {}

HubWatch::~HubWatch() {
  EventSink sink;
  {
    std::lock_guard<std::mutex> lock(subscriber_->mu);
    subscriber_->cancelled = true;
    subscriber_->held.clear();
    sink.swap(subscriber_->sink);
  }
  // The hub prunes the subscriber on its next Publish. The sink (and whatever
  // it captured) is destroyed here, outside the lock.
}

void HubWatch::Replay(const Event& event) {
  subscriber_->sink(event);
  subscriber_->last_replayed = event.revision;
}

void HubWatch::GoLive() {
  WatchHub::Subscriber& s = *subscriber_;
  std::vector<Event> batch;
  for (;;) {
    batch.clear();
    {
      std::lock_guard<std::mutex> lock(s.mu);
      if (s.held.empty()) {
        s.live = true;
        return;
      }
      batch.swap(s.held);
    }
    // Delivered outside the lock so the writer is never held up by a slow
    // catch-up; it keeps appending to `held`, which the next round drains.
    for (const Event& event : batch) {
      if (event.revision <= s.last_replayed) continue;  // also in the snapshot
      s.sink(event);
      s.last_replayed = event.revision;
    }
  }
}

}  // namespace ekslite::storage

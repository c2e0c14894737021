#include "core/client/shared_informer.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "core/client/cancel_token.h"
#include "core/client/clock_wait.h"
#include "core/client/reflector.h"
#include "core/log.h"
#include "core/thread_annotations.h"

namespace ekslite::client {
namespace {

struct Notification {
  enum class Kind { kAdd, kUpdate, kDelete };
  Kind kind;
  ObjectPtr old_object;  // kUpdate only
  ObjectPtr object;
  // 0: for every handler registered when it was queued; else for that
  // handler only (the adds a late handler gets).
  SharedInformer::HandlerId target = 0;
  uint64_t seq = 0;
};

struct Listener {
  SharedInformer::HandlerId id = 0;
  EventHandlers handlers;
  // Broadcast notifications queued before the handler joined are not its.
  uint64_t joined_seq = 0;
  std::atomic<bool> removed{false};
};

ReflectorOptions ReflectorOptionsFor(const InformerOptions& o) {
  ReflectorOptions r;
  r.resource = o.resource;
  r.ns = o.ns;
  r.label_selector = o.label_selector;
  r.field_selector = o.field_selector;
  r.page_size = o.page_size;
  r.min_watch_timeout = o.min_watch_timeout;
  r.transform = o.transform;
  r.clock = o.clock;
  return r;
}

class InformerImpl final : public SharedInformer, private ReflectorSink {
 public:
  InformerImpl(const DynamicClient& client, InformerOptions options)
      : options_(std::move(options)), reflector_(client, ReflectorOptionsFor(options_), *this) {
    Status s = indexer_.AddIndexers({{std::string(kNamespaceIndex), NamespaceIndexFunc()}});
    (void)s;  // a new indexer has no indexes to clash with
  }

  ~InformerImpl() override { Stop(); }

  HandlerId AddEventHandler(EventHandlers handlers) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto listener = std::make_shared<Listener>();
    listener->id = next_handler_id_++;
    listener->handlers = std::move(handlers);
    listener->joined_seq = next_seq_;
    for (ObjectPtr& object : indexer_.List()) {
      EnqueueLocked({Notification::Kind::kAdd, nullptr, std::move(object), listener->id});
    }
    listeners_.push_back(std::move(listener));
    cv_.notify_all();
    return listeners_.back()->id;
  }

  void RemoveEventHandler(HandlerId id) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
      if ((*it)->id == id) {
        (*it)->removed = true;
        listeners_.erase(it);
        return;
      }
    }
  }

  Status AddIndexers(const Indexers& indexers) override { return indexer_.AddIndexers(indexers); }
  const Indexer& indexer() const override { return indexer_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    if (started_) return;
    started_ = true;
    delivery_ = std::thread([this] { DeliverLoop(); });
    reflector_thread_ = std::thread([this] { reflector_.Run(cancel_); });
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    cancel_.Cancel();
    reflector_thread_.join();
    {
      std::lock_guard<std::mutex> queue_lock(mu_);
      stopping_ = true;
      cv_.notify_all();
    }
    delivery_.join();
  }

  bool HasSynced() const override { return synced_.load(); }
  std::string LastSyncResourceVersion() const override {
    return reflector_.LastSyncResourceVersion();
  }
  int64_t ListCount() const override { return reflector_.list_count(); }

 private:
  // ReflectorSink, on the reflector's thread. The cache and the queue change
  // under one lock, so a late handler's snapshot and the notifications after
  // it fit together.
  void Replace(std::vector<ObjectPtr> objects, const std::string& resource_version) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::unordered_set<std::string> listed;
    listed.reserve(objects.size());
    for (ObjectPtr& object : objects) {
      std::string key = ObjectKey(*object);
      ObjectPtr old = indexer_.Upsert(key, object);
      if (old) {
        EnqueueLocked({Notification::Kind::kUpdate, std::move(old), std::move(object)});
      } else {
        EnqueueLocked({Notification::Kind::kAdd, nullptr, std::move(object)});
      }
      listed.insert(std::move(key));
    }
    for (const std::string& key : indexer_.ListKeys()) {
      if (listed.count(key) > 0) continue;
      ObjectPtr gone = indexer_.Remove(key);
      Logger("client")->debug("informer {}: {} is gone after a relist at {}",
                              options_.resource.resource, key, resource_version);
      EnqueueLocked({Notification::Kind::kDelete, nullptr, std::move(gone)});
    }
    synced_ = true;
    cv_.notify_all();
  }

  void Apply(const WatchEvent& event) override {
    std::string key = ObjectKey(*event.object);
    std::lock_guard<std::mutex> lock(mu_);
    if (event.type == WatchEvent::Type::kDeleted) {
      indexer_.Remove(key);
      EnqueueLocked({Notification::Kind::kDelete, nullptr, event.object});
    } else if (ObjectPtr old = indexer_.Upsert(key, event.object)) {
      EnqueueLocked({Notification::Kind::kUpdate, std::move(old), event.object});
    } else {
      EnqueueLocked({Notification::Kind::kAdd, nullptr, event.object});
    }
    cv_.notify_all();
  }

  void EnqueueLocked(Notification n) EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    n.seq = next_seq_++;
    queue_.push_back(std::move(n));
  }

  void DeliverLoop() {
    const Clock& clock = *options_.clock;
    const auto period = options_.resync_period;
    auto next_resync = period.count() > 0 ? clock.Monotonic() + period : kNoDeadline;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      if (queue_.empty()) {
        if (next_resync != kNoDeadline && clock.Monotonic() >= next_resync) {
          if (synced_) {
            for (ObjectPtr& object : indexer_.List()) {
              EnqueueLocked({Notification::Kind::kUpdate, object, object});
            }
          }
          next_resync = clock.Monotonic() + period;
          continue;
        }
        WaitUntil(cv_, lock, clock, next_resync);
        continue;
      }
      std::deque<Notification> batch;
      batch.swap(queue_);
      std::vector<std::shared_ptr<Listener>> listeners = listeners_;
      lock.unlock();
      for (const Notification& n : batch) {
        for (const auto& listener : listeners) Deliver(*listener, n);
      }
      batch.clear();  // drop the objects outside the lock
      lock.lock();
    }
  }

  void Deliver(Listener& listener, const Notification& n) {
    if (listener.removed) return;
    if (n.target != 0 ? n.target != listener.id : n.seq < listener.joined_seq) return;
    const EventHandlers& h = listener.handlers;
    try {
      switch (n.kind) {
        case Notification::Kind::kAdd:
          if (h.on_add) h.on_add(n.object);
          break;
        case Notification::Kind::kUpdate:
          if (h.on_update) h.on_update(n.old_object, n.object);
          break;
        case Notification::Kind::kDelete:
          if (h.on_delete) h.on_delete(n.object);
          break;
      }
    } catch (const std::exception& e) {
      Logger("client")->error("informer {}: event handler threw: {}", options_.resource.resource,
                              e.what());
    }
  }

  const InformerOptions options_;
  Indexer indexer_;
  Reflector reflector_;
  CancelToken cancel_;
  std::atomic<bool> synced_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Notification> queue_ GUARDED_BY(mu_);
  std::vector<std::shared_ptr<Listener>> listeners_ GUARDED_BY(mu_);
  uint64_t next_seq_ GUARDED_BY(mu_) = 1;
  HandlerId next_handler_id_ GUARDED_BY(mu_) = 1;
  bool stopping_ GUARDED_BY(mu_) = false;

  std::mutex lifecycle_mu_;
  bool started_ GUARDED_BY(lifecycle_mu_) = false;
  bool stopped_ GUARDED_BY(lifecycle_mu_) = false;
  std::thread reflector_thread_;
  std::thread delivery_;
};

}  // namespace

std::shared_ptr<SharedInformer> NewSharedInformer(const DynamicClient& client,
                                                  InformerOptions options) {
  return std::make_shared<InformerImpl>(client, std::move(options));
}

bool WaitForCacheSync(const std::vector<SharedInformer*>& informers,
                      std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    bool all = true;
    for (SharedInformer* i : informers) all = all && i->HasSynced();
    if (all) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace ekslite::client

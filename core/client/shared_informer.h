// SharedInformer: one list+watch of a resource (a Reflector), a local cache
// of its objects (an Indexer), and any number of event handlers sharing
// them. Handlers are told of each add, update (with the old object) and
// delete, in order, on the informer's delivery thread; they should only
// enqueue keys (STYLE.md rule 6) and read the cache later.
//
//   auto pods = factory.ForResource(resources::kPods);
//   pods->AddIndexers({{"node", FieldIndexFunc("spec.nodeName")}});
//   pods->AddEventHandler({.on_add = [&](const ObjectPtr& p) { queue.Add(ObjectKey(*p)); }});
//   factory.Start();
//   factory.WaitForCacheSync(std::chrono::seconds(30));
//   auto on_node = pods->indexer().ByIndex("node", "node-1");
#ifndef EKSLITE_CORE_CLIENT_SHARED_INFORMER_H_
#define EKSLITE_CORE_CLIENT_SHARED_INFORMER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/client/dynamic_client.h"
#include "core/client/indexer.h"
#include "core/client/object.h"
#include "core/clock.h"
#include "core/status.h"

namespace ekslite::client {

// Any member may be empty.
struct EventHandlers {
  std::function<void(const ObjectPtr& object)> on_add;
  // Also called on resyncs and relists, then with `old_object` possibly the
  // same object as `new_object`: compare resourceVersions to tell.
  std::function<void(const ObjectPtr& old_object, const ObjectPtr& new_object)> on_update;
  // The object's last known state. After a relist found an object gone, that
  // state may be older than the deletion (upstream's DeletedFinalStateUnknown).
  std::function<void(const ObjectPtr& object)> on_delete;
};

struct InformerOptions {
  GroupVersionResource resource;
  std::string ns;  // "" = every namespace
  std::string label_selector;
  std::string field_selector;
  // Every handler gets an update (old == new) for every object this often;
  // zero for never.
  std::chrono::milliseconds resync_period{0};
  // Applied to each object before it is cached (e.g. DropManagedFields()).
  ObjectTransform transform;
  int64_t page_size = 500;
  std::chrono::seconds min_watch_timeout{300};
  Clock* clock = &RealClock();
};

class SharedInformer {
 public:
  using HandlerId = uint64_t;

  virtual ~SharedInformer() = default;

  // Registers handlers; may be called before or after Start. A handler
  // added late first gets an add for every object already cached. Handlers
  // run on the informer's delivery thread, one notification at a time;
  // exceptions they throw are logged and dropped. Thread-safe.
  virtual HandlerId AddEventHandler(EventHandlers handlers) = 0;
  // Stops deliveries to a handler (one in progress may finish). Thread-safe.
  virtual void RemoveEventHandler(HandlerId id) = 0;
  // Adds indexes to the cache (it has kNamespaceIndex already). kAlreadyExists
  // for a taken name.
  virtual Status AddIndexers(const Indexers& indexers) = 0;

  // The cache: read it from any thread. Its objects are never changed in
  // place; copy one (CopyObject) to modify and write it back.
  virtual const Indexer& indexer() const = 0;

  // Starts listing and watching on threads of its own. Idempotent.
  virtual void Start() = 0;
  // Stops watching and delivering and joins the threads; notifications not
  // yet delivered are dropped. Idempotent; the destructor calls it. Must not
  // be called from a handler.
  virtual void Stop() = 0;

  // True once the first list is in the cache (its notifications may still
  // be on their way to handlers). Thread-safe.
  virtual bool HasSynced() const = 0;
  // The resourceVersion the cache is at ("" before the first list).
  virtual std::string LastSyncResourceVersion() const = 0;
  // How many times the informer has listed (1 after the first sync; more
  // after relists). Thread-safe.
  virtual int64_t ListCount() const = 0;
};

// A new, stopped informer. `client` must outlive it.
std::shared_ptr<SharedInformer> NewSharedInformer(const DynamicClient& client,
                                                  InformerOptions options);

// Waits until every informer has synced (true) or `timeout` passes (false).
bool WaitForCacheSync(const std::vector<SharedInformer*>& informers,
                      std::chrono::milliseconds timeout);

}  // namespace ekslite::client

#endif  // EKSLITE_CORE_CLIENT_SHARED_INFORMER_H_

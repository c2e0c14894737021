// QueueController: the shape every level-triggered controller shares
// (STYLE.md rule 6) — informer handlers only enqueue keys, N worker threads
// take keys off one WorkQueue and call Sync(key), which compares desired with
// actual state from the informer caches and writes through the client. A
// failed Sync is retried with the queue's per-key backoff; a successful one
// resets it. Written once here so each controller holds only its Sync.
//
//   class FooController : public QueueController {
//    public:
//     FooController(...) : QueueController({.name = "foo-controller"}) {
//       foos_ = factory.ForResource(kFoos);
//       WatchInformer(foos_, EnqueueHandlers());
//     }
//     ~FooController() override { Stop(); }   // before members go away
//    protected:
//     Status Sync(const std::string& key) override;
//   };
#ifndef EKSLITE_CONTROLLERS_COMMON_CONTROLLER_BASE_H_
#define EKSLITE_CONTROLLERS_COMMON_CONTROLLER_BASE_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/client/object.h"
#include "core/client/shared_informer.h"
#include "core/client/work_queue.h"
#include "core/clock.h"
#include "core/component.h"
#include "core/log.h"
#include "core/status.h"

namespace ekslite::controllers {

struct QueueControllerOptions {
  std::string name;  // "replicaset-controller": the component, queue and logger name
  int workers = 5;
  Clock* clock = &RealClock();
  // How long Start waits for the informers given to WatchInformer to sync.
  std::chrono::milliseconds cache_sync_timeout{std::chrono::seconds(60)};
};

class QueueController : public Component {
 public:
  explicit QueueController(QueueControllerOptions options);
  // Derived classes must call Stop() in their own destructor, so no worker
  // runs Sync on a half-destroyed object.
  ~QueueController() override;
  QueueController(const QueueController&) = delete;
  QueueController& operator=(const QueueController&) = delete;

  std::string_view name() const override { return options_.name; }
  // Waits for the watched informers to sync (kTimeout if they do not), then
  // starts the workers.
  Status Start() override;
  // Removes the event handlers, shuts the queue down and joins the workers.
  // Idempotent.
  void Stop() override;

  // The queue, for handlers and tests. Thread-safe.
  client::WorkQueue& queue() { return *queue_; }
  // Queues the key of `object` ("namespace/name").
  void Enqueue(const JsonValue& object) { queue_->Add(client::ObjectKey(object)); }

 protected:
  // Brings the object at `key` to its desired state. An error requeues the
  // key with backoff. Called from worker threads; never twice at once for
  // the same key.
  virtual Status Sync(const std::string& key) = 0;

  // Registers `handlers` on `informer` (removed again by Stop) and makes
  // Start wait for the informer's first list.
  void WatchInformer(const std::shared_ptr<client::SharedInformer>& informer,
                     client::EventHandlers handlers);
  // Handlers that enqueue the changed object's own key on add, update and
  // delete.
  client::EventHandlers EnqueueHandlers();

  Clock& clock() const { return *options_.clock; }
  const std::shared_ptr<spdlog::logger>& log() const { return log_; }

 private:
  void RunWorker();

  const QueueControllerOptions options_;
  const std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::mutex mu_;
  std::vector<std::pair<std::shared_ptr<client::SharedInformer>, client::SharedInformer::HandlerId>>
      handlers_;
  std::vector<std::thread> workers_;
  bool stopped_ = false;
};

}  // namespace ekslite::controllers

#endif  // EKSLITE_CONTROLLERS_COMMON_CONTROLLER_BASE_H_

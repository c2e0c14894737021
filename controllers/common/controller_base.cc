#include "controllers/common/controller_base.h"

#include <exception>

namespace ekslite::controllers {

QueueController::QueueController(QueueControllerOptions options)
    : options_(std::move(options)), log_(Logger(options_.name)) {
  client::WorkQueueOptions queue_options;
  queue_options.name = options_.name;
  queue_options.clock = options_.clock;
  queue_ = std::make_unique<client::WorkQueue>(queue_options);
}

QueueController::~QueueController() { Stop(); }

void QueueController::WatchInformer(const std::shared_ptr<client::SharedInformer>& informer,
                                    client::EventHandlers handlers) {
  client::SharedInformer::HandlerId id = informer->AddEventHandler(std::move(handlers));
  std::lock_guard<std::mutex> lock(mu_);
  handlers_.emplace_back(informer, id);
}

client::EventHandlers QueueController::EnqueueHandlers() {
  client::EventHandlers handlers;
  handlers.on_add = [this](const client::ObjectPtr& object) { Enqueue(*object); };
  handlers.on_update = [this](const client::ObjectPtr&, const client::ObjectPtr& object) {
    Enqueue(*object);
  };
  handlers.on_delete = [this](const client::ObjectPtr& object) { Enqueue(*object); };
  return handlers;
}

Status QueueController::Start() {
  std::vector<client::SharedInformer*> informers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [informer, id] : handlers_) informers.push_back(informer.get());
  }
  if (!client::WaitForCacheSync(informers, options_.cache_sync_timeout)) {
    return Status::Timeout(options_.name + ": informers did not sync");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_ || !workers_.empty()) return Status::Ok();
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { RunWorker(); });
  log_->info("started {} workers", options_.workers);
  return Status::Ok();
}

void QueueController::Stop() {
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& [informer, id] : handlers_) informer->RemoveEventHandler(id);
    handlers_.clear();
    workers.swap(workers_);
  }
  queue_->ShutDown();
  for (std::thread& worker : workers) worker.join();
}

void QueueController::RunWorker() {
  std::string key;
  while (queue_->Get(&key)) {
    Status status;
    try {
      status = Sync(key);
    } catch (const std::exception& e) {
      status = Status::Internal(std::string("sync threw: ") + e.what());
    }
    if (status.ok()) {
      queue_->Forget(key);
    } else {
      log_->warn("sync {} failed: {}", key, status.ToString());
      queue_->AddRateLimited(key);
    }
    queue_->Done(key);
  }
}

}  // namespace ekslite::controllers

#include "kubelet/simulated_nodes.h"

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "core/client/event_recorder.h"
#include "core/client/rate_limiter.h"
#include "core/client/work_queue.h"
#include "core/log.h"
#include "kubelet/node_table.h"
#include "kubelet/pod_cidrs.h"
#include "kubelet/pod_workers.h"
#include "kubelet/simulated_runtime.h"

namespace ekslite::kubelet {
namespace {

// Work queue keys: "n:<node>" (register or report status), "l:<node>" (renew
// the lease), "p:<namespace>/<pod>" (sync a pod).
constexpr std::string_view kNodeKey = "n:";
constexpr std::string_view kLeaseKey = "l:";
constexpr std::string_view kPodKey = "p:";

std::string Key(std::string_view kind, std::string_view name) {
  return std::string(kind) + std::string(name);
}

class SimulatedNodesImpl final : public SimulatedNodes {
 public:
  SimulatedNodesImpl(const client::DynamicClient& client, client::InformerFactory& informers,
                     SimulatedNodesOptions options, PodCidrs cidrs)
      : options_(std::move(options)),
        runtime_(options_.runtime ? options_.runtime
                                  : std::shared_ptr<Runtime>(NewSimulatedRuntime())),
        nodes_(client, TableOptions(options_, std::move(cidrs), *runtime_)),
        recorder_(options_.record_events
                      ? client::NewEventRecorder(client, {"kubelet", "", options_.clock})
                      : nullptr),
        pods_(client, nodes_, *runtime_, recorder_.get(), *options_.clock),
        queue_(client::WorkQueueOptions{"kubelet", options_.clock, RetryLimiter()}) {
    pod_informer_ =
        informers.ForResource(client::resources::kPods, {"", options_.pod_field_selector});
    node_informer_ = informers.ForResource(client::resources::kNodes);
    pod_handler_ = pod_informer_->AddEventHandler(
        {.on_add = [this](const client::ObjectPtr& pod) { OnPod(*pod); },
         .on_update = [this](const client::ObjectPtr&,
                             const client::ObjectPtr& pod) { OnPod(*pod); },
         .on_delete = [this](const client::ObjectPtr& pod) { OnPod(*pod); }});
    node_handler_ = node_informer_->AddEventHandler(
        {.on_add = nullptr,
         .on_update = [this](const client::ObjectPtr&,
                             const client::ObjectPtr& node) { OnNodeUpdate(*node); },
         .on_delete =
             [this](const client::ObjectPtr& node) {
               nodes_.MarkGone(StringAt(*node, "metadata.name"));
             }});
  }

  ~SimulatedNodesImpl() override { Stop(); }

  std::string_view name() const override { return "simulated-nodes"; }

  Status Start() override {
    if (!client::WaitForCacheSync({pod_informer_.get(), node_informer_.get()},
                                  options_.cache_sync_timeout)) {
      return Status::Unavailable("simulated nodes: the pod and node caches did not sync");
    }
    started_at_ = std::chrono::steady_clock::now();
    nodes_.AssignBlocks(node_informer_->indexer().List());
    for (const std::string& node : nodes_.names()) queue_.Add(Key(kNodeKey, node));
    for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { Work(); });
    Logger("kubelet")->info("running {} simulated nodes ({}*) with {} workers", options_.count,
                            options_.name_prefix, options_.workers);
    return Status::Ok();
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    pod_informer_->RemoveEventHandler(pod_handler_);
    node_informer_->RemoveEventHandler(node_handler_);
    queue_.ShutDown();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    if (recorder_) recorder_->Flush();
  }

  int RegisteredNodes() const override { return nodes_.RegisteredCount(); }
  size_t RunningPods() const override { return pods_.size(); }

 private:
  // Failed syncs retry per key from 100ms doubling to 10s, with no overall
  // rate: a lease must not wait minutes because thousands failed together
  // (say while the apiserver restarted).
  static std::shared_ptr<client::RateLimiter> RetryLimiter() {
    return client::NewItemExponentialRateLimiter(std::chrono::milliseconds(100),
                                                 std::chrono::seconds(10));
  }

  static NodeTableOptions TableOptions(const SimulatedNodesOptions& o, PodCidrs cidrs,
                                       const Runtime& runtime) {
    NodeTableOptions t;
    t.names.reserve(o.count);
    for (int i = 0; i < o.count; ++i) t.names.push_back(o.name_prefix + std::to_string(i));
    t.node = o.node;
    t.node.container_runtime_version = runtime.version();
    t.cidrs = cidrs;
    t.lease_duration = o.lease_duration;
    t.clock = o.clock;
    return t;
  }

  void OnPod(const JsonValue& pod) {
    if (nodes_.Owns(StringAt(pod, "spec.nodeName")))
      queue_.Add(Key(kPodKey, client::ObjectKey(pod)));
  }

  // Something else changed the Node's conditions (the node lifecycle
  // controller marking it Unknown): report the real status now.
  void OnNodeUpdate(const JsonValue& node) {
    std::string_view name = StringAt(node, "metadata.name");
    if (nodes_.HostIp(name) && !NodeIsReady(node)) queue_.Add(Key(kNodeKey, name));
  }

  void Work() {
    std::string key;
    while (queue_.Get(&key)) {
      if (stopped_.load()) {
        queue_.Done(key);
        continue;
      }
      Status status;
      try {
        status = Sync(key);
      } catch (const std::exception& e) {
        status = Status::Internal(e.what());
      }
      if (status.ok()) {
        queue_.Forget(key);
      } else {
        Logger("kubelet")->debug("sync {} failed: {}", key, status.ToString());
        queue_.AddRateLimited(key);
      }
      queue_.Done(key);
    }
  }

  Status Sync(const std::string& key) {
    std::string_view kind = std::string_view(key).substr(0, 2);
    std::string name = key.substr(2);
    if (kind == kPodKey) {
      EKS_ASSIGN_OR_RETURN(PodSyncResult result,
                           pods_.SyncPod(name, pod_informer_->indexer().Get(name)));
      if (result.again > Clock::duration::zero()) queue_.AddAfter(key, result.again);
      return Status::Ok();
    }
    if (kind == kNodeKey) {
      bool was_registered = nodes_.HostIp(name).has_value();
      EKS_RETURN_IF_ERROR(nodes_.SyncNode(name));
      if (nodes_.Gone(name)) return Status::Ok();
      if (!was_registered) {
        queue_.Add(Key(kLeaseKey, name));
        if (nodes_.RegisteredCount() == options_.count && !all_registered_.exchange(true)) {
          auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - started_at_);
          Logger("kubelet")->info("all {} simulated nodes registered in {}ms", options_.count,
                                  ms.count());
        }
      }
      // Spread the reports over 10% of the interval so they do not all come at once.
      auto spread = options_.status_report_interval / 10 *
                    static_cast<int64_t>(std::hash<std::string>{}(name) % 100) / 100;
      queue_.AddAfter(key, options_.status_report_interval + spread);
      return Status::Ok();
    }
    if (kind == kLeaseKey) {
      EKS_RETURN_IF_ERROR(nodes_.SyncLease(name));
      if (!nodes_.Gone(name)) queue_.AddAfter(key, options_.lease_renew_interval);
      return Status::Ok();
    }
    return Status::Ok();
  }

  const SimulatedNodesOptions options_;
  std::shared_ptr<Runtime> runtime_;
  NodeTable nodes_;
  std::unique_ptr<client::EventRecorder> recorder_;
  PodWorkers pods_;
  client::WorkQueue queue_;
  std::shared_ptr<client::SharedInformer> pod_informer_;
  std::shared_ptr<client::SharedInformer> node_informer_;
  client::SharedInformer::HandlerId pod_handler_ = 0;
  client::SharedInformer::HandlerId node_handler_ = 0;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> all_registered_{false};
  std::chrono::steady_clock::time_point started_at_;  // set before the workers start
};

}  // namespace

StatusOr<std::unique_ptr<SimulatedNodes>> NewSimulatedNodes(const client::DynamicClient& client,
                                                            client::InformerFactory& informers,
                                                            SimulatedNodesOptions options) {
  if (options.count < 0) return Status::Invalid("simulated nodes: the count must not be negative");
  if (options.workers < 1) return Status::Invalid("simulated nodes: want at least one worker");
  if (options.lease_renew_interval <= std::chrono::milliseconds::zero() ||
      options.status_report_interval <= std::chrono::milliseconds::zero()) {
    return Status::Invalid("simulated nodes: intervals must be positive");
  }
  EKS_ASSIGN_OR_RETURN(PodCidrs cidrs, PodCidrs::Make(options.cluster_cidr, options.count));
  return std::unique_ptr<SimulatedNodes>(
      new SimulatedNodesImpl(client, informers, std::move(options), cidrs));
}

}  // namespace ekslite::kubelet

#include "scheduler/scheduler.h"

#include <atomic>
#include <thread>

#include "core/client/event_recorder.h"
#include "core/client/subresources.h"
#include "core/log.h"
#include "scheduler/cache.h"
#include "scheduler/pod_conditions.h"
#include "scheduler/preemption.h"
#include "scheduler/scheduling_queue.h"
#include "scheduler/worker_pool.h"

namespace ekslite::scheduler {
namespace {

using client::ObjectPtr;

bool SameAt(const JsonValue& a, const JsonValue& b, std::string_view path) {
  const JsonValue* x = Path(a, path);
  const JsonValue* y = Path(b, path);
  if (x == nullptr || y == nullptr) return x == y;
  return *x == *y;
}

// Whether a node change can make a pending pod fit (heartbeats cannot).
bool NodeChangeMatters(const JsonValue& old_node, const JsonValue& new_node) {
  return !SameAt(old_node, new_node, "status.allocatable") ||
         !SameAt(old_node, new_node, "metadata.labels") ||
         !SameAt(old_node, new_node, "spec.taints") ||
         !SameAt(old_node, new_node, "spec.unschedulable");
}

// Whether a pending pod changed in a way that may change where it fits
// (its own status writes do not).
bool PodSpecChanged(const JsonValue& old_pod, const JsonValue& new_pod) {
  return !SameAt(old_pod, new_pod, "spec") || !SameAt(old_pod, new_pod, "metadata.labels");
}

class SchedulerImpl : public Scheduler {
 public:
  SchedulerImpl(const client::DynamicClient& client, client::InformerFactory& informers,
                SchedulerOptions options)
      : client_(client),
        options_(std::move(options)),
        log_(Logger("scheduler")),
        profile_(options_.profile),
        queue_(SchedulingQueueOptions{options_.clock, options_.initial_backoff,
                                      options_.max_backoff, options_.max_in_unschedulable}) {
    if (options_.record_events) {
      recorder_ = client::NewEventRecorder(
          client_, {.component = options_.scheduler_name, .host = "", .clock = options_.clock});
    }
    pods_ = informers.ForResource(client::resources::kPods);
    nodes_ = informers.ForResource(client::resources::kNodes);
    namespaces_ = informers.ForResource(client::resources::kNamespaces);
    // For the system default spreading of pods of Services and workloads.
    services_ = informers.ForResource(client::resources::kServices);
    replica_sets_ = informers.ForResource(client::resources::kReplicaSets);
    stateful_sets_ = informers.ForResource(client::resources::kStatefulSets);
    controllers_ = informers.ForResource(client::resources::kReplicationControllers);
    budgets_ = informers.ForResource(client::resources::kPodDisruptionBudgets);
    pod_handler_ = pods_->AddEventHandler(
        {.on_add = [this](const ObjectPtr& p) { OnPodAdd(p); },
         .on_update = [this](const ObjectPtr& o, const ObjectPtr& n) { OnPodUpdate(o, n); },
         .on_delete = [this](const ObjectPtr& p) { OnPodDelete(p); }});
    node_handler_ = nodes_->AddEventHandler(
        {.on_add = [this](const ObjectPtr& n) { OnNodeAdd(n); },
         .on_update = [this](const ObjectPtr& o, const ObjectPtr& n) { OnNodeUpdate(o, n); },
         .on_delete =
             [this](const ObjectPtr& n) {
               cache_.RemoveNode(std::string(StringAt(*n, "metadata.name")));
             }});
    auto set_ns = [this](const ObjectPtr& ns) {
      cache_.SetNamespace(std::string(StringAt(*ns, "metadata.name")),
                          LabelsFromJson(Path(*ns, "metadata.labels")));
    };
    ns_handler_ = namespaces_->AddEventHandler(
        {.on_add = set_ns,
         .on_update = [set_ns](const ObjectPtr&, const ObjectPtr& n) { set_ns(n); },
         .on_delete =
             [this](const ObjectPtr& ns) {
               cache_.RemoveNamespace(std::string(StringAt(*ns, "metadata.name")));
             }});
  }

  ~SchedulerImpl() override { Stop(); }

  std::string_view name() const override { return "scheduler"; }

  Status Start() override {
    if (!client::WaitForCacheSync({pods_.get(), nodes_.get(), namespaces_.get(), services_.get(),
                                   replica_sets_.get(), stateful_sets_.get(), controllers_.get(),
                                   budgets_.get()},
                                  options_.sync_timeout)) {
      return Status::Unavailable("scheduler: informers did not sync");
    }
    binders_ = std::make_unique<WorkerPool>(options_.bind_workers);
    loop_ = std::thread([this] { Run(); });
    log_->info("scheduler {} started ({} nodes)", options_.scheduler_name, cache_.NodeCount());
    return Status::Ok();
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    pods_->RemoveEventHandler(pod_handler_);
    nodes_->RemoveEventHandler(node_handler_);
    namespaces_->RemoveEventHandler(ns_handler_);
    queue_.Close();
    if (loop_.joinable()) loop_.join();
    if (binders_ != nullptr) binders_->Stop();
    if (recorder_ != nullptr) recorder_->Flush();
  }

  SchedulerStats stats() const override {
    return {scheduled_.load(), bind_failures_.load(), unschedulable_.load(), preemptions_.load()};
  }

 private:
  bool Responsible(const PodInfo& pod) const {
    return pod.scheduler_name == options_.scheduler_name;
  }

  void OnPodAdd(const ObjectPtr& obj) {
    PodInfoPtr pod = NewPodInfo(obj);
    if (!pod->node_name.empty()) {
      cache_.AddOrUpdatePod(pod);
      if (!pod->terminal) queue_.MovePodsWithAffinity();
      return;
    }
    if (Responsible(*pod) && !pod->deleting && !pod->terminal && !pod->gated) {
      queue_.AddOrUpdate(pod);
    }
  }

  void OnPodUpdate(const ObjectPtr& old_obj, const ObjectPtr& new_obj) {
    if (StringAt(*old_obj, "metadata.resourceVersion") ==
        StringAt(*new_obj, "metadata.resourceVersion")) {
      return;  // a resync
    }
    PodInfoPtr pod = NewPodInfo(new_obj);
    if (!pod->node_name.empty()) {
      queue_.Delete(pod->key);  // bound (by us or anyone)
      std::string_view old_phase = StringAt(*old_obj, "status.phase");
      const bool was_terminal = old_phase == "Succeeded" || old_phase == "Failed";
      cache_.AddOrUpdatePod(pod);
      // A pod that finished frees its node's resources.
      if (pod->terminal && !was_terminal) queue_.MoveAllToActiveOrBackoff();
      return;
    }
    if (!Responsible(*pod) || pod->terminal || pod->deleting || pod->gated) {
      queue_.Delete(pod->key);
      return;
    }
    if (cache_.IsAssumed(pod->key)) return;  // being bound
    queue_.AddOrUpdate(pod, PodSpecChanged(*old_obj, *new_obj));
  }

  void OnPodDelete(const ObjectPtr& obj) {
    std::string key = client::ObjectKey(*obj);
    if (!StringAt(*obj, "spec.nodeName").empty()) {
      cache_.RemovePod(key);
      queue_.MoveAllToActiveOrBackoff();
      return;
    }
    queue_.Delete(key);
  }

  void OnNodeAdd(const ObjectPtr& node) {
    cache_.AddOrUpdateNode(node);
    queue_.MoveAllToActiveOrBackoff();
  }

  void OnNodeUpdate(const ObjectPtr& old_node, const ObjectPtr& new_node) {
    if (!NodeChangeMatters(*old_node, *new_node)) return;
    cache_.AddOrUpdateNode(new_node);
    queue_.MoveAllToActiveOrBackoff();
  }

  void Run() {
    while (std::optional<QueuedPod> queued = queue_.Pop()) {
      try {
        ScheduleOne(*queued);
      } catch (const std::exception& e) {
        log_->error("scheduling {} failed: {}", queued->pod->key, e.what());
        queue_.AddUnschedulable(*queued, /*backoff_only=*/true);
      }
    }
  }

  void ScheduleOne(const QueuedPod& queued) {
    const PodInfoPtr& pod = queued.pod;
    ScheduleResult result;
    PreemptionResult preemption;
    size_t num_nodes = 0;
    std::optional<api::LabelSelector> default_spread;
    if (pod->spread_constraints.empty()) default_spread = DefaultSpreadSelector(*pod);
    {
      auto lock = cache_.Lock();
      num_nodes = cache_.Nodes().size();
      if (num_nodes > 0) {
        result = profile_.Schedule(*pod, cache_, default_spread);
        if (result.node.empty()) {
          preemption = Preempt(profile_, *pod, result, cache_,
                               BudgetsFromObjects(budgets_->indexer().List()));
        }
      }
    }
    if (num_nodes == 0) {
      HandleError(queued, "no nodes available to schedule pods");
      return;
    }
    if (!result.node.empty()) {
      Bind(queued, result.node);
      return;
    }
    HandleUnschedulable(queued, result, preemption, static_cast<int>(num_nodes));
  }

  // Upstream's DefaultSelector: the labels the Services selecting the pod
  // select on, and the selector of its controlling ReplicaSet, StatefulSet
  // or ReplicationController.
  std::optional<api::LabelSelector> DefaultSpreadSelector(const PodInfo& pod) const {
    std::vector<api::LabelRequirement> reqs;
    auto add_set = [&](const JsonValue* set) {
      if (set == nullptr || !set->IsObject()) return;
      for (auto it = set->MemberBegin(); it != set->MemberEnd(); ++it) {
        reqs.push_back({std::string(View(it->name)),
                        api::LabelOperator::kEquals,
                        {std::string(View(it->value))}});
      }
    };
    auto services = services_->indexer().ByIndex(client::kNamespaceIndex, pod.ns);
    if (services.ok()) {
      for (const ObjectPtr& svc : *services) {
        const JsonValue* selector = Path(*svc, "spec.selector");
        if (selector == nullptr || !selector->IsObject() || selector->ObjectEmpty()) continue;
        if (api::SelectorFromSet(LabelsFromJson(selector)).Matches(pod.labels)) add_set(selector);
      }
    }
    const JsonValue* owners = Path(*pod.object, "metadata.ownerReferences");
    if (owners != nullptr && owners->IsArray()) {
      for (const JsonValue& o : owners->GetArray()) {
        const JsonValue* controller = Member(o, "controller");
        if (controller == nullptr || !controller->IsBool() || !controller->GetBool()) continue;
        std::string_view kind = StringAt(o, "kind");
        std::string key = client::ObjectKey(pod.ns, StringAt(o, "name"));
        ObjectPtr owner;
        if (kind == "ReplicaSet") owner = replica_sets_->indexer().Get(key);
        if (kind == "StatefulSet") owner = stateful_sets_->indexer().Get(key);
        if (kind == "ReplicationController") {
          if (ObjectPtr rc = controllers_->indexer().Get(key)) add_set(Path(*rc, "spec.selector"));
        } else if (owner != nullptr) {
          StatusOr<api::LabelSelector> sel =
              api::LabelSelectorFromJson(Path(*owner, "spec.selector"));
          if (sel.ok())
            reqs.insert(reqs.end(), sel->requirements().begin(), sel->requirements().end());
        }
      }
    }
    if (reqs.empty()) return std::nullopt;
    return api::LabelSelector(std::move(reqs));
  }

  void Bind(const QueuedPod& queued, const std::string& node) {
    // Count the pod on the node at once; the next cycle must see it.
    auto bound = std::make_shared<PodInfo>(*queued.pod);
    bound->node_name = node;
    cache_.AssumePod(bound, node);
    binders_->Submit([this, queued, node] {
      const PodInfo& pod = *queued.pod;
      Status s = client::BindPod(client_, pod.ns, pod.name, node, pod.uid);
      if (s.ok()) {
        ++scheduled_;
        queue_.Done(pod.key);
        log_->debug("bound {} to {}", pod.key, node);
        Record(*pod.object, client::kEventNormal, "Scheduled",
               "Successfully assigned " + pod.key + " to " + node);
        return;
      }
      ++bind_failures_;
      cache_.ForgetPod(pod.key);
      log_->warn("binding {} to {} failed: {}", pod.key, node, s.ToString());
      if (s.IsNotFound()) {
        queue_.Done(pod.key);
        return;
      }
      Record(*pod.object, client::kEventWarning, "FailedScheduling",
             "Binding rejected: " + s.message());
      queue_.AddUnschedulable(queued, /*backoff_only=*/true);
    });
  }

  void HandleUnschedulable(const QueuedPod& queued, ScheduleResult& result,
                           PreemptionResult& preemption, int num_nodes) {
    ++unschedulable_;
    const PodInfoPtr& pod = queued.pod;
    std::optional<std::string> nominated;
    if (!preemption.node.empty()) {
      ++preemptions_;
      nominated = preemption.node;
      StartPreemption(*pod, preemption);
    } else {
      result.diagnosis.postfilter_message = preemption.message;
      // A nomination that no longer helps is cleared.
      if (!pod->nominated_node_name.empty() && preemption.clear_nomination) nominated = "";
    }
    std::string message = FitErrorMessage(num_nodes, result.diagnosis);
    log_->info("{} is unschedulable: {}", pod->key, message);
    ObjectPtr obj = pod->object;
    binders_->Submit([this, obj, message, nominated] {
      Status s = SetPodScheduledFalse(client_, *obj, kReasonUnschedulableCondition, message,
                                      nominated, *options_.clock);
      if (!s.ok() && !s.IsNotFound()) {
        log_->warn("cannot update status of {}: {}", client::ObjectKey(*obj), s.ToString());
      }
    });
    Record(*obj, client::kEventWarning, "FailedScheduling", message);
    queue_.AddUnschedulable(queued);
  }

  void StartPreemption(const PodInfo& preemptor, const PreemptionResult& preemption) {
    const std::string node = preemption.node;
    for (const PodInfoPtr& victim : preemption.victims) {
      log_->info("preempting {} on {} for {}", victim->key, node, preemptor.key);
      std::string message = "Preempted by pod " + preemptor.uid + " on node " + node;
      binders_->Submit([this, victim, message] {
        Status s =
            SetDisruptionTarget(client_, *victim->object, options_.scheduler_name, *options_.clock);
        if (!s.ok() && !s.IsNotFound()) {
          log_->warn("cannot mark {}: {}", victim->key, s.ToString());
        }
        client::DeleteOptions del;
        del.precondition_uid = victim->uid;
        s = client_.Resource(client::resources::kPods, victim->ns)
                .Delete(victim->name, del)
                .status();
        if (!s.ok() && !s.IsNotFound()) {
          log_->warn("cannot delete victim {}: {}", victim->key, s.ToString());
          return;
        }
        Record(*victim->object, client::kEventNormal, "Preempted", message);
      });
    }
  }

  void HandleError(const QueuedPod& queued, const std::string& message) {
    ObjectPtr obj = queued.pod->object;
    binders_->Submit([this, obj, message] {
      Status s = SetPodScheduledFalse(client_, *obj, kReasonSchedulerError, message, std::nullopt,
                                      *options_.clock);
      if (!s.ok() && !s.IsNotFound()) {
        log_->warn("cannot update status of {}: {}", client::ObjectKey(*obj), s.ToString());
      }
    });
    Record(*obj, client::kEventWarning, "FailedScheduling", message);
    queue_.AddUnschedulable(queued, /*backoff_only=*/true);
  }

  void Record(const JsonValue& obj, std::string_view type, std::string_view reason,
              const std::string& message) {
    if (recorder_ != nullptr) recorder_->Event(obj, type, reason, message);
  }

  const client::DynamicClient& client_;
  const SchedulerOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  SchedulerCache cache_;
  Profile profile_;  // used by the scheduling thread only
  SchedulingQueue queue_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::shared_ptr<client::SharedInformer> pods_, nodes_, namespaces_;
  std::shared_ptr<client::SharedInformer> services_, replica_sets_, stateful_sets_, controllers_;
  std::shared_ptr<client::SharedInformer> budgets_;  // PodDisruptionBudgets, weighed by preemption
  client::SharedInformer::HandlerId pod_handler_ = 0, node_handler_ = 0, ns_handler_ = 0;
  std::unique_ptr<WorkerPool> binders_;
  std::thread loop_;
  std::atomic<bool> stopped_{false};
  std::atomic<int64_t> scheduled_{0}, bind_failures_{0}, unschedulable_{0}, preemptions_{0};
};

}  // namespace

std::unique_ptr<Scheduler> NewScheduler(const client::DynamicClient& client,
                                        client::InformerFactory& informers,
                                        SchedulerOptions options) {
  return std::make_unique<SchedulerImpl>(client, informers, std::move(options));
}

}  // namespace ekslite::scheduler

#include "controllers/nodelifecycle/node_lifecycle_controller.h"

#include "controllers/common/pod_util.h"
#include "controllers/nodelifecycle/node_health.h"
#include "core/client/clock_wait.h"
#include "core/client/pod_condition_patch.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;
constexpr char kNodeNameIndex[] = "spec.nodeName";
constexpr char kLeaseNamespace[] = "kube-node-lease";

// The pod with its Ready condition False (and ContainersReady too), or
// nullopt when it is not Ready now.
std::optional<Json> NotReadyCopy(const JsonValue& pod, Clock::time_point now) {
  if (!IsPodReady(pod)) return std::nullopt;
  Json copy = client::CopyObject(pod);
  JsonAllocator& a = copy.GetAllocator();
  JsonValue* conditions = Member(copy["status"], "conditions");
  for (JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") != "Ready") continue;
    SetString(c, "status", "False", a);
    SetString(c, "lastTransitionTime", FormatRfc3339(now), a);
  }
  return copy;
}

}  // namespace

NodeLifecycleController::NodeLifecycleController(const client::DynamicClient& client,
                                                 client::InformerFactory& informers,
                                                 NodeLifecycleControllerOptions options)
    : client_(client), options_(options), log_(Logger("node-lifecycle-controller")) {
  nodes_ = informers.ForResource(client::resources::kNodes);
  leases_ = informers.ForResource(client::resources::kLeases);
  pods_ = informers.ForResource(client::resources::kPods);
  (void)pods_->AddIndexers({{kNodeNameIndex, client::FieldIndexFunc("spec.nodeName")}});
  events_ = client::NewEventRecorder(client, {"node-controller", "", options.clock});
}

NodeLifecycleController::~NodeLifecycleController() { Stop(); }

Status NodeLifecycleController::Start() {
  if (!client::WaitForCacheSync({nodes_.get(), leases_.get(), pods_.get()},
                                std::chrono::seconds(60))) {
    return Status::Timeout("node-lifecycle-controller: informers did not sync");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || thread_.joinable()) return Status::Ok();
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      Status s = MonitorOnce();
      if (!s.ok()) log_->warn("monitor pass: {}", s.ToString());
      lock.lock();
      auto deadline = options_.clock->Monotonic() + options_.monitor_period;
      while (!stopping_ && options_.clock->Monotonic() < deadline) {
        client::WaitUntil(cv_, lock, *options_.clock, deadline);
      }
    }
  });
  log_->info("monitoring nodes, grace period {} ms", options_.grace_period.count());
  return Status::Ok();
}

void NodeLifecycleController::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status NodeLifecycleController::MonitorOnce() {
  std::lock_guard<std::mutex> lock(pass_mu_);
  Status first_error;
  for (const ObjectPtr& node : nodes_->indexer().List()) {
    Status s = MonitorNode(*node);
    if (s.ok()) s = EvictTaintedPods(*node);
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

Status NodeLifecycleController::MonitorNode(const JsonValue& node) {
  std::string name(StringAt(node, "metadata.name"));
  Clock::time_point now = options_.clock->Now();
  ObjectPtr lease = leases_->indexer().Get(client::ObjectKey(kLeaseNamespace, name));
  Clock::time_point heartbeat = nodelifecycle::LastHeartbeat(node, lease.get());
  auto nodes = client_.Resource(client::resources::kNodes);
  std::string ready(ConditionStatus(node, "Ready"));
  if (now - heartbeat > options_.grace_period && ready != "Unknown") {
    Json copy = client::CopyObject(node);
    if (nodelifecycle::MarkStatusUnknown(copy, now)) {
      auto written = nodes.UpdateStatus(copy);
      if (!written.ok()) return written.status();
      log_->info("node {} stopped posting status; Ready is Unknown", name);
      events_->Event(node, client::kEventNormal, "NodeNotReady",
                     "Node " + name + " status is now: NodeNotReady");
      EKS_RETURN_IF_ERROR(MarkPodsNotReady(name));
      return Status::Ok();  // the taints follow on the next pass, from the new status
    }
  }
  if (ready.empty()) return Status::Ok();
  Json copy = client::CopyObject(node);
  if (!nodelifecycle::SetLifecycleTaints(copy, ready, now)) return Status::Ok();
  auto written = nodes.Update(copy);
  if (!written.ok()) return written.status();
  log_->info("node {} is Ready={}: lifecycle taints updated", name, ready);
  if (ready == "False") {
    events_->Event(node, client::kEventNormal, "NodeNotReady",
                   "Node " + name + " status is now: NodeNotReady");
    EKS_RETURN_IF_ERROR(MarkPodsNotReady(name));
  } else if (ready == "True") {
    events_->Event(node, client::kEventNormal, "NodeReady",
                   "Node " + name + " status is now: NodeReady");
  }
  return Status::Ok();
}

Status NodeLifecycleController::MarkPodsNotReady(const std::string& node) {
  auto pods = pods_->indexer().ByIndex(kNodeNameIndex, node);
  if (!pods.ok()) return pods.status();
  Status first_error;
  for (const ObjectPtr& pod : *pods) {
    std::optional<Json> copy = NotReadyCopy(*pod, options_.clock->Now());
    if (!copy) continue;
    auto written =
        client_
            .Resource(client::resources::kPods, std::string(StringAt(*pod, "metadata.namespace")))
            .UpdateStatus(*copy);
    if (!written.ok() && !written.status().IsNotFound() && first_error.ok()) {
      first_error = written.status();
    }
    events_->Event(*pod, client::kEventWarning, "NodeNotReady", "Node is not ready");
  }
  return first_error;
}

// The NoExecute taint manager's part: pods that do not (or no longer)
// tolerate their node's NoExecute taints are deleted.
Status NodeLifecycleController::EvictTaintedPods(const JsonValue& node) {
  const JsonValue* taints = Path(node, "spec.taints");
  if (taints == nullptr || !taints->IsArray() || taints->Empty()) return Status::Ok();
  auto pods = pods_->indexer().ByIndex(kNodeNameIndex, StringAt(node, "metadata.name"));
  if (!pods.ok()) return pods.status();
  Clock::time_point now = options_.clock->Now();
  Status first_error;
  for (const ObjectPtr& pod : *pods) {
    if (IsBeingDeleted(*pod)) continue;
    std::string uid(StringAt(*pod, "metadata.uid"));
    if (evicted_.count(uid)) continue;
    bool now_due = false;
    std::optional<Clock::time_point> at = nodelifecycle::EvictionTime(*pod, taints, &now_due);
    if (!now_due && (!at || *at > now)) continue;
    std::string key = client::ObjectKey(*pod);
    events_->Event(*pod, client::kEventNormal, "TaintManagerEviction",
                   "Marking for deletion Pod " + key);
    Status marked = client::PatchPodCondition(
        client_, *pod,
        {api::kDisruptionTarget, "True", api::kDeletionByTaintManager,
         "Taint manager: deleting due to NoExecute taint"},
        now);
    if (!marked.ok() && !marked.IsNotFound()) {
      if (first_error.ok()) first_error = marked;
      continue;
    }
    client::DeleteOptions options;
    options.precondition_uid = uid;
    auto deleted =
        client_
            .Resource(client::resources::kPods, std::string(StringAt(*pod, "metadata.namespace")))
            .Delete(StringAt(*pod, "metadata.name"), options);
    if (!deleted.ok() && !deleted.status().IsNotFound()) {
      if (first_error.ok()) first_error = deleted.status();
      continue;
    }
    log_->info("evicted pod {} from tainted node {}", key, StringAt(node, "metadata.name"));
    evicted_.insert(uid);
  }
  return first_error;
}

}  // namespace ekslite::controllers

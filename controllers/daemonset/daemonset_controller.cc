#include "controllers/daemonset/daemonset_controller.h"

#include <cmath>
#include <map>

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "controllers/daemonset/daemon_pods.h"
#include "controllers/statefulset/controller_revision.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

// An int-or-percent field of `total` (percentages round up), or `fallback`.
int64_t ScaledValue(const JsonValue* v, int64_t total, int64_t fallback) {
  if (v == nullptr) return fallback;
  if (v->IsInt64()) return v->GetInt64();
  std::string_view text = View(*v);
  if (text.empty() || text.back() != '%') return fallback;
  double percent = std::atof(std::string(text.substr(0, text.size() - 1)).c_str());
  return static_cast<int64_t>(std::ceil(percent * static_cast<double>(total) / 100.0));
}

}  // namespace

// What the controller found on one node and decided about it.
struct DaemonSetController::NodePlan {
  std::string node;
  bool should_run = false;
  std::vector<ObjectPtr> updated;  // the current revision's pods
  std::vector<ObjectPtr> old;      // older revisions' pods
  bool HasPod() const { return !updated.empty() || !old.empty(); }
};

// What one sync decided to change.
struct DaemonSetController::Actions {
  std::vector<std::string> create;  // node names
  std::vector<ObjectPtr> remove;
};

DaemonSetController::DaemonSetController(const client::DynamicClient& client,
                                         client::InformerFactory& informers,
                                         DaemonSetControllerOptions options)
    : QueueController(
          {.name = "daemonset-controller", .workers = options.workers, .clock = options.clock}),
      client_(client),
      expectations_(*options.clock) {
  sets_ = informers.ForResource(client::resources::kDaemonSets);
  nodes_ = informers.ForResource(client::resources::kNodes);
  pods_ = informers.ForResource(client::resources::kPods);
  revisions_ = informers.ForResource(client::resources::kControllerRevisions);
  for (auto& informer : {pods_, revisions_}) {
    (void)informer->AddIndexers({{std::string(kControllerUidIndex), ControllerUidIndexFunc()}});
  }
  events_ = client::NewEventRecorder(client, {"daemonset-controller", "", options.clock});
  WatchInformer(sets_, EnqueueHandlers());
  client::EventHandlers pods;
  pods.on_add = [this](const ObjectPtr& p) { EnqueueOwner(*p, true, false); };
  pods.on_update = [this](const ObjectPtr&, const ObjectPtr& p) { EnqueueOwner(*p, false, false); };
  pods.on_delete = [this](const ObjectPtr& p) { EnqueueOwner(*p, false, true); };
  WatchInformer(pods_, std::move(pods));
  client::EventHandlers nodes;
  nodes.on_add = [this](const ObjectPtr&) { EnqueueAll(); };
  nodes.on_update = [this](const ObjectPtr& before, const ObjectPtr& after) {
    // Only what decides placement matters: labels, taints, schedulability.
    auto placement = [](const JsonValue& node) {
      const JsonValue* labels = Path(node, "metadata.labels");
      const JsonValue* spec = Member(node, "spec");
      return (labels ? ToJsonString(*labels) : "") + (spec ? ToJsonString(*spec) : "");
    };
    if (placement(*before) != placement(*after)) EnqueueAll();
  };
  nodes.on_delete = [this](const ObjectPtr&) { EnqueueAll(); };
  WatchInformer(nodes_, std::move(nodes));
  WatchInformer(revisions_, client::EventHandlers{});
}

DaemonSetController::~DaemonSetController() { Stop(); }

void DaemonSetController::EnqueueOwner(const JsonValue& pod, bool added, bool deleted) {
  std::optional<OwnerRef> owner = ControllerOf(pod);
  if (!owner || owner->kind != "DaemonSet") return;
  std::string key = client::ObjectKey(StringAt(pod, "metadata.namespace"), owner->name);
  if (added) expectations_.CreationObserved(key);
  if (deleted) expectations_.DeletionObserved(key);
  queue().Add(key);
}

void DaemonSetController::EnqueueAll() {
  for (const std::string& key : sets_->indexer().ListKeys()) queue().Add(key);
}

// Where the DaemonSet should run and which of its pods are where: one plan
// per node, plus the pods to remove outright (`*orphans`: pods of nodes that
// are gone, and failed pods).
std::vector<DaemonSetController::NodePlan> DaemonSetController::PlanNodes(
    const JsonValue& ds, const JsonValue& spec, const std::string& hash,
    std::vector<ObjectPtr>* orphans) const {
  std::map<std::string, NodePlan> by_node;
  for (const ObjectPtr& node : nodes_->indexer().List()) {
    NodePlan& plan = by_node[std::string(StringAt(*node, "metadata.name"))];
    plan.node = std::string(StringAt(*node, "metadata.name"));
    plan.should_run = daemonset::ShouldRunOnNode(spec, *node);
  }
  auto pods = pods_->indexer().ByIndex(kControllerUidIndex, StringAt(ds, "metadata.uid"));
  for (const ObjectPtr& pod : pods.ok() ? *pods : std::vector<ObjectPtr>{}) {
    if (IsBeingDeleted(*pod)) continue;
    auto it = by_node.find(daemonset::NodeOfPod(*pod));
    if (it == by_node.end() || StringAt(*pod, "status.phase") == "Failed") {
      orphans->push_back(pod);
      continue;
    }
    bool current = StringAt(*pod, "metadata.labels.controller-revision-hash") == hash;
    (current ? it->second.updated : it->second.old).push_back(pod);
  }
  std::vector<NodePlan> plans;
  for (auto& [name, plan] : by_node) plans.push_back(std::move(plan));
  return plans;
}

Status DaemonSetController::Sync(const std::string& key) {
  ObjectPtr ds = sets_->indexer().Get(key);
  if (ds == nullptr) {
    expectations_.Delete(key);
    return Status::Ok();
  }
  if (IsBeingDeleted(*ds)) return Status::Ok();
  auto owned_revisions =
      revisions_->indexer().ByIndex(kControllerUidIndex, StringAt(*ds, "metadata.uid"));
  EKS_ASSIGN_OR_RETURN(
      Revisions revisions,
      SyncRevisions(client_, *ds, "apps/v1", "DaemonSet",
                    owned_revisions.ok() ? *owned_revisions : std::vector<ObjectPtr>{}));
  std::string hash = HashOfRevision(*revisions.update);
  Json spec = daemonset::DaemonPodSpec(*ds);
  std::vector<ObjectPtr> orphans;
  std::vector<NodePlan> plans = PlanNodes(*ds, spec, hash, &orphans);
  if (!expectations_.Satisfied(key)) return UpdateStatus(*ds, plans);

  Actions actions;
  for (const ObjectPtr& pod : orphans) {
    if (StringAt(*pod, "status.phase") == "Failed") {
      events_->Event(*ds, client::kEventWarning, "FailedDaemonPod",
                     "Found failed daemon pod " + client::ObjectKey(*pod) + " on node " +
                         daemonset::NodeOfPod(*pod) + ", will try to kill it");
    }
    actions.remove.push_back(pod);
  }
  for (NodePlan& plan : plans) {
    if (!plan.should_run) {
      for (auto* list : {&plan.updated, &plan.old}) {
        actions.remove.insert(actions.remove.end(), list->begin(), list->end());
      }
      continue;
    }
    if (!plan.HasPod()) actions.create.push_back(plan.node);
    // More than one current pod on a node: keep the first.
    for (size_t i = 1; i < plan.updated.size(); ++i) actions.remove.push_back(plan.updated[i]);
  }
  if (StringAt(*ds, "spec.updateStrategy.type", "RollingUpdate") == "RollingUpdate") {
    RollOut(*ds, plans, &actions);
  }
  EKS_RETURN_IF_ERROR(Apply(*ds, key, spec, hash, actions));
  return UpdateStatus(*ds, plans);
}

// Replaces old pods within the budget: with maxSurge the new pod starts
// first and the old one goes once the new one is available; otherwise at
// most maxUnavailable nodes are without an available pod at a time.
void DaemonSetController::RollOut(const JsonValue& ds, const std::vector<NodePlan>& plans,
                                  Actions* actions) {
  int64_t min_ready = IntAt(ds, "spec.minReadySeconds").value_or(0);
  Clock::time_point now = clock().Now();
  auto available = [&](const ObjectPtr& p) { return IsPodAvailable(*p, min_ready, now); };
  int64_t desired = 0, unavailable = 0, surging = 0;
  for (const NodePlan& plan : plans) {
    if (!plan.should_run) continue;
    ++desired;
    bool ok = false;
    for (auto& list : {plan.updated, plan.old}) {
      for (const ObjectPtr& p : list) ok = ok || available(p);
    }
    if (!ok) ++unavailable;
    if (!plan.updated.empty() && !plan.old.empty()) ++surging;
  }
  const JsonValue* rolling = Path(ds, "spec.updateStrategy.rollingUpdate");
  int64_t max_surge = ScaledValue(rolling ? Member(*rolling, "maxSurge") : nullptr, desired, 0);
  int64_t max_unavailable =
      ScaledValue(rolling ? Member(*rolling, "maxUnavailable") : nullptr, desired, 1);
  if (max_surge == 0 && max_unavailable == 0) max_unavailable = 1;
  for (const NodePlan& plan : plans) {
    if (!plan.should_run || plan.old.empty()) continue;
    bool new_available = !plan.updated.empty() && available(plan.updated.front());
    bool old_available = false;
    for (const ObjectPtr& p : plan.old) old_available = old_available || available(p);
    bool remove_old = new_available || !old_available;
    if (!remove_old && max_surge > 0 && plan.updated.empty() && surging < max_surge) {
      ++surging;
      actions->create.push_back(plan.node);
      continue;
    }
    if (!remove_old && max_surge == 0 && unavailable < max_unavailable) {
      ++unavailable;
      remove_old = true;
    }
    if (!remove_old) continue;
    actions->remove.insert(actions->remove.end(), plan.old.begin(), plan.old.end());
  }
}

// Carries out `actions`, expecting to see each creation and deletion.
Status DaemonSetController::Apply(const JsonValue& ds, const std::string& key,
                                  const JsonValue& spec, const std::string& hash,
                                  const Actions& actions) {
  if (actions.create.empty() && actions.remove.empty()) return Status::Ok();
  expectations_.Expect(key, static_cast<int>(actions.create.size()),
                       static_cast<int>(actions.remove.size()));
  Status first_error;
  for (const std::string& node : actions.create) {
    Status s = CreatePod(ds, key, spec, node, hash);
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  for (const ObjectPtr& pod : actions.remove) {
    Status s = DeletePod(ds, key, *pod);
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

Status DaemonSetController::CreatePod(const JsonValue& ds, const std::string& key,
                                      const JsonValue& spec, const std::string& node,
                                      const std::string& hash) {
  auto created =
      client_.Resource(client::resources::kPods, std::string(StringAt(ds, "metadata.namespace")))
          .Create(daemonset::PodForNode(ds, spec, node, hash));
  if (!created.ok()) {
    expectations_.CreationObserved(key);
    events_->Event(ds, client::kEventWarning, "FailedCreate",
                   "Error creating: " + created.status().message());
    return created.status();
  }
  events_->Event(ds, client::kEventNormal, "SuccessfulCreate",
                 "Created pod: " + std::string(StringAt(*created, "metadata.name")));
  return Status::Ok();
}

Status DaemonSetController::DeletePod(const JsonValue& ds, const std::string& key,
                                      const JsonValue& pod) {
  std::string name(StringAt(pod, "metadata.name"));
  client::DeleteOptions options;
  options.precondition_uid = std::string(StringAt(pod, "metadata.uid"));
  auto deleted =
      client_.Resource(client::resources::kPods, std::string(StringAt(pod, "metadata.namespace")))
          .Delete(name, options);
  if (!deleted.ok()) {
    expectations_.DeletionObserved(key);
    if (deleted.status().IsNotFound()) return Status::Ok();
    return deleted.status();
  }
  events_->Event(ds, client::kEventNormal, "SuccessfulDelete", "Deleted pod: " + name);
  return Status::Ok();
}

Status DaemonSetController::UpdateStatus(const JsonValue& ds, const std::vector<NodePlan>& plans) {
  int64_t min_ready = IntAt(ds, "spec.minReadySeconds").value_or(0);
  Clock::time_point now = clock().Now();
  int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  for (const NodePlan& plan : plans) {
    if (!plan.should_run) {
      if (plan.HasPod()) ++misscheduled;
      continue;
    }
    ++desired;
    if (!plan.HasPod()) continue;
    ++current;
    bool is_ready = false, is_available = false;
    for (auto& list : {plan.updated, plan.old}) {
      for (const ObjectPtr& p : list) {
        is_ready = is_ready || IsPodReady(*p);
        is_available = is_available || IsPodAvailable(*p, min_ready, now);
      }
    }
    ready += is_ready;
    available += is_available;
    updated += !plan.updated.empty();
  }
  Json copy = client::CopyObject(ds);
  JsonAllocator& a = copy.GetAllocator();
  JsonValue& status = EnsureObject(copy, "status", a);
  SetInt(status, "observedGeneration", IntAt(ds, "metadata.generation").value_or(0), a);
  SetInt(status, "desiredNumberScheduled", desired, a);
  SetInt(status, "currentNumberScheduled", current, a);
  SetInt(status, "numberMisscheduled", misscheduled, a);
  SetInt(status, "numberReady", ready, a);
  SetInt(status, "updatedNumberScheduled", updated, a);
  SetInt(status, "numberAvailable", available, a);
  if (desired - available > 0) {
    SetInt(status, "numberUnavailable", desired - available, a);
  } else {
    RemoveMember(status, "numberUnavailable");
  }
  const JsonValue* before = Member(ds, "status");
  if (before != nullptr && ToJsonString(*before) == ToJsonString(status)) return Status::Ok();
  return client_
      .Resource(client::resources::kDaemonSets, std::string(StringAt(ds, "metadata.namespace")))
      .UpdateStatus(copy)
      .status();
}

}  // namespace ekslite::controllers

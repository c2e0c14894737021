#include "controllers/disruption/disruption_controller.h"

#include <algorithm>
#include <cmath>

#include "controllers/common/controller_ref.h"
#include "controllers/common/pod_util.h"
#include "core/api/label_selector.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

bool IsPercent(const JsonValue* v) {
  return v != nullptr && v->IsString() && !View(*v).empty() && View(*v).back() == '%';
}

// An int-or-percent of `total`, percentages rounded up.
int64_t Scaled(const JsonValue& v, int64_t total) {
  if (v.IsInt64()) return v.GetInt64();
  std::string_view text = View(v);
  if (text.empty()) return 0;
  double percent = std::atof(std::string(text.substr(0, text.size() - 1)).c_str());
  return static_cast<int64_t>(std::ceil(percent * static_cast<double>(total) / 100.0));
}

client::GroupVersionResource ResourceOfKind(std::string_view kind) {
  if (kind == "ReplicaSet") return client::resources::kReplicaSets;
  if (kind == "Deployment") return client::resources::kDeployments;
  if (kind == "StatefulSet") return client::resources::kStatefulSets;
  if (kind == "ReplicationController") return client::resources::kReplicationControllers;
  return {};
}

// Sets the DisruptionAllowed condition in `status`.
void SetAllowedCondition(JsonValue& status, bool allowed, const std::string& reason,
                         const std::string& message, int64_t generation, Clock::time_point now,
                         JsonAllocator& a) {
  JsonValue* conditions = Member(status, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) {
    SetMember(status, "conditions", JsonValue(rapidjson::kArrayType), a);
    conditions = Member(status, "conditions");
  }
  JsonValue* condition = nullptr;
  for (JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == "DisruptionAllowed") condition = &c;
  }
  if (condition == nullptr) {
    conditions->PushBack(JsonValue(rapidjson::kObjectType), a);
    condition = &(*conditions)[conditions->Size() - 1];
    SetString(*condition, "type", "DisruptionAllowed", a);
  }
  std::string_view want = allowed ? "True" : "False";
  if (StringAt(*condition, "status") != want) {
    SetString(*condition, "lastTransitionTime", FormatRfc3339(now), a);
  }
  SetString(*condition, "status", want, a);
  SetString(*condition, "reason", reason, a);
  SetString(*condition, "message", message, a);
  SetInt(*condition, "observedGeneration", generation, a);
}

}  // namespace

DisruptionController::DisruptionController(const client::DynamicClient& client,
                                           client::InformerFactory& informers,
                                           DisruptionControllerOptions options)
    : QueueController(
          {.name = "disruption-controller", .workers = options.workers, .clock = options.clock}),
      client_(client),
      options_(options) {
  budgets_ = informers.ForResource(client::resources::kPodDisruptionBudgets);
  pods_ = informers.ForResource(client::resources::kPods);
  WatchInformer(budgets_, EnqueueHandlers());
  client::EventHandlers pods;
  pods.on_add = [this](const ObjectPtr& p) { EnqueueBudgetsOf(*p); };
  pods.on_update = [this](const ObjectPtr&, const ObjectPtr& p) { EnqueueBudgetsOf(*p); };
  pods.on_delete = [this](const ObjectPtr& p) { EnqueueBudgetsOf(*p); };
  WatchInformer(pods_, std::move(pods));
}

DisruptionController::~DisruptionController() { Stop(); }

void DisruptionController::EnqueueBudgetsOf(const JsonValue& pod) {
  auto budgets =
      budgets_->indexer().ByIndex(client::kNamespaceIndex, StringAt(pod, "metadata.namespace"));
  if (!budgets.ok()) return;
  for (const ObjectPtr& pdb : *budgets) {
    auto selector = api::LabelSelectorFromJson(Path(*pdb, "spec.selector"));
    if (selector.ok() && selector->MatchesObject(pod)) Enqueue(*pdb);
  }
}

StatusOr<std::optional<int64_t>> DisruptionController::ControllerReplicas(
    const JsonValue& pod, std::vector<std::string>* seen) const {
  std::optional<OwnerRef> owner = ControllerOf(pod);
  if (!owner) return std::optional<int64_t>();
  auto visited = [seen](const std::string& uid) {
    if (std::find(seen->begin(), seen->end(), uid) != seen->end()) return true;
    seen->push_back(uid);
    return false;
  };
  // Each controller counts once, however many of its pods match.
  if (visited(owner->uid)) return std::optional<int64_t>(0);
  std::string ns(StringAt(pod, "metadata.namespace"));
  client::GroupVersionResource gvr = ResourceOfKind(owner->kind);
  if (gvr.resource.empty()) return std::optional<int64_t>();
  auto object = client_.Resource(gvr, ns).Get(owner->name);
  if (!object.ok()) return object.status();
  // A Deployment's ReplicaSets answer to the Deployment's replicas.
  if (std::optional<OwnerRef> parent = ControllerOf(*object);
      owner->kind == "ReplicaSet" && parent && parent->kind == "Deployment") {
    if (visited(parent->uid)) return std::optional<int64_t>(0);
    auto deployment = client_.Resource(client::resources::kDeployments, ns).Get(parent->name);
    if (!deployment.ok()) return deployment.status();
    return std::optional<int64_t>(IntAt(*deployment, "spec.replicas").value_or(1));
  }
  return std::optional<int64_t>(IntAt(*object, "spec.replicas").value_or(1));
}

// The budget's pods: those in its namespace its selector matches.
std::vector<ObjectPtr> DisruptionController::PodsOf(const JsonValue& pdb) const {
  std::vector<ObjectPtr> pods;
  auto selector = api::LabelSelectorFromJson(Path(pdb, "spec.selector"));
  auto in_namespace =
      pods_->indexer().ByIndex(client::kNamespaceIndex, StringAt(pdb, "metadata.namespace"));
  if (!selector.ok() || !in_namespace.ok()) return pods;
  for (const ObjectPtr& pod : *in_namespace) {
    if (selector->MatchesObject(*pod)) pods.push_back(pod);
  }
  return pods;
}

// The evictions in status.disruptedPods still in flight: pods still there,
// evicted less than the deletion timeout ago. `*next_expiry` is when the
// first of them stops counting.
Json DisruptionController::PendingDisruptions(const JsonValue& pdb, Clock::time_point now,
                                              std::optional<Clock::time_point>* next_expiry) const {
  Json pending(rapidjson::kObjectType);
  const JsonValue* d = Path(pdb, "status.disruptedPods");
  if (d == nullptr || !d->IsObject()) return pending;
  for (const auto& m : d->GetObject()) {
    Clock::time_point at;
    if (!ParseRfc3339(View(m.value), &at)) continue;
    ObjectPtr pod =
        pods_->indexer().Get(client::ObjectKey(StringAt(pdb, "metadata.namespace"), View(m.name)));
    Clock::time_point expiry = at + options_.deletion_timeout;
    if (pod == nullptr || IsBeingDeleted(*pod) || expiry <= now) continue;
    pending.AddMember(JsonValue(m.name, pending.GetAllocator()),
                      JsonValue(m.value, pending.GetAllocator()), pending.GetAllocator());
    if (!*next_expiry || expiry < **next_expiry) *next_expiry = expiry;
  }
  return pending;
}

// expectedPods and desiredHealthy: an integer minAvailable counts the pods
// themselves; percentages and maxUnavailable scale their controllers'
// replicas.
StatusOr<DisruptionController::Budget> DisruptionController::BudgetOf(
    const JsonValue& pdb, const std::vector<ObjectPtr>& pods) const {
  Budget budget;
  const JsonValue* min_available = Path(pdb, "spec.minAvailable");
  const JsonValue* max_unavailable = Path(pdb, "spec.maxUnavailable");
  if (min_available != nullptr && !IsPercent(min_available)) {
    budget.expected = static_cast<int64_t>(pods.size());
    budget.desired = Scaled(*min_available, 0);
    return budget;
  }
  std::vector<std::string> seen;
  for (const ObjectPtr& pod : pods) {
    EKS_ASSIGN_OR_RETURN(std::optional<int64_t> replicas, ControllerReplicas(*pod, &seen));
    budget.expected += replicas.value_or(0);
  }
  if (min_available != nullptr) {
    budget.desired = Scaled(*min_available, budget.expected);
  } else if (max_unavailable != nullptr) {
    budget.desired =
        std::max<int64_t>(0, budget.expected - Scaled(*max_unavailable, budget.expected));
  }
  return budget;
}

Status DisruptionController::Sync(const std::string& key) {
  ObjectPtr pdb = budgets_->indexer().Get(key);
  if (pdb == nullptr || IsBeingDeleted(*pdb)) return Status::Ok();
  Clock::time_point now = clock().Now();
  std::vector<ObjectPtr> pods = PodsOf(*pdb);
  std::optional<Clock::time_point> next_expiry;
  Json disrupted = PendingDisruptions(*pdb, now, &next_expiry);
  int64_t healthy = 0;
  for (const ObjectPtr& pod : pods) {
    if (IsBeingDeleted(*pod) || !IsPodReady(*pod)) continue;
    if (Member(disrupted, StringAt(*pod, "metadata.name")) != nullptr) continue;
    ++healthy;
  }
  auto budget = BudgetOf(*pdb, pods);
  int64_t allowed = budget.ok() ? std::max<int64_t>(0, healthy - budget->desired) : 0;

  Json updated = client::CopyObject(*pdb);
  JsonAllocator& a = updated.GetAllocator();
  JsonValue& status = EnsureObject(updated, "status", a);
  int64_t generation = IntAt(*pdb, "metadata.generation").value_or(0);
  SetInt(status, "currentHealthy", healthy, a);
  SetInt(status, "desiredHealthy", budget.ok() ? budget->desired : 0, a);
  SetInt(status, "expectedPods", budget.ok() ? budget->expected : 0, a);
  SetInt(status, "disruptionsAllowed", allowed, a);
  SetInt(status, "observedGeneration", generation, a);
  if (disrupted.ObjectEmpty()) {
    RemoveMember(status, "disruptedPods");
  } else {
    SetMember(status, "disruptedPods", JsonValue(disrupted, a), a);
  }
  std::string reason = !budget.ok()  ? "SyncFailed"
                       : allowed > 0 ? "SufficientPods"
                                     : "InsufficientPods";
  SetAllowedCondition(status, allowed > 0, reason, budget.ok() ? "" : budget.status().message(),
                      generation, now, a);
  const JsonValue* before = Member(*pdb, "status");
  if (before == nullptr || ToJsonString(*before) != ToJsonString(status)) {
    auto written = client_
                       .Resource(client::resources::kPodDisruptionBudgets,
                                 std::string(StringAt(*pdb, "metadata.namespace")))
                       .UpdateStatus(updated);
    if (!written.ok()) return written.status();
  }
  if (next_expiry) queue().AddAfter(key, *next_expiry - now + std::chrono::milliseconds(100));
  return budget.status();
}

}  // namespace ekslite::controllers

// pods/eviction (policy/v1 Eviction): deletes a pod unless that would take
// its PodDisruptionBudget below what it guarantees. An allowed eviction
// first spends one of the budget's disruptionsAllowed (a compare-and-swap
// on the budget's status, so two evictions cannot spend the same one), then
// marks the pod DisruptionTarget=True (reason EvictionByEvictionAPI) and
// deletes it with the Eviction's deleteOptions.
#include "apiserver/handlers/preamble.h"
#include "apiserver/registry/registry.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/review_support.h"
#include "apiserver/response.h"
#include "core/api/label_selector.h"
#include "core/api/conditions.h"

namespace ekslite::apiserver {
namespace {

constexpr char kViolatesBudget[] =
    "Cannot evict pod as it would violate the pod's disruption budget.";

http::Response EvictionCreated() {
  return JsonResponse(
      201, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201})");
}

// 429 with the DisruptionBudget cause `why`; clients (kubectl drain) retry.
Status BudgetRefusal(std::string why) {
  StatusDetails d;
  d.causes.push_back(StatusCause{"DisruptionBudget", std::move(why), ""});
  return Status(Code::kTooManyRequests, kViolatesBudget, std::move(d));
}

bool PodReady(const JsonValue& pod) {
  const JsonValue* conditions = Path(pod, "status.conditions");
  if (conditions == nullptr || !conditions->IsArray()) return false;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == "Ready") return StringAt(c, "status") == "True";
  }
  return false;
}

// Pods that are finished, not started or already going need no budget.
bool BudgetIrrelevant(const JsonValue& pod) {
  std::string_view phase = StringAt(pod, "status.phase");
  return Path(pod, "metadata.deletionTimestamp") != nullptr || phase == "Succeeded" ||
         phase == "Failed" || phase == "Pending";
}

// The delete options an Eviction carries, plus the request's dryRun.
DeleteOptions EvictionDeleteOptions(const JsonValue& eviction, bool dry_run) {
  DeleteOptions options;
  options.dry_run = dry_run;
  const JsonValue* o = Member(eviction, "deleteOptions");
  if (o == nullptr || !o->IsObject()) return options;
  options.grace_period_seconds = IntAt(*o, "gracePeriodSeconds");
  options.propagation_policy = std::string(StringAt(*o, "propagationPolicy"));
  options.precondition_uid = std::string(StringAt(*o, "preconditions.uid"));
  options.precondition_resource_version =
      std::string(StringAt(*o, "preconditions.resourceVersion"));
  if (const JsonValue* d = Member(*o, "dryRun"); d != nullptr && d->IsArray() && !d->Empty()) {
    options.dry_run = true;
  }
  return options;
}

// The budgets in the pod's namespace whose selector matches it.
StatusOr<std::vector<Json>> BudgetsOf(const Registry& registry, const JsonValue& pod,
                                      const std::string& ns) {
  std::vector<Json> out;
  const ResourceInfo* pdbs = registry.table()->Find("policy", "v1", "poddisruptionbudgets");
  ResourceCache* cache = pdbs ? registry.CacheFor(*pdbs) : nullptr;
  if (cache == nullptr) return out;
  CacheListOptions list;
  list.prefix = ResourceTable::StoragePrefix(*pdbs) + ns + "/";
  EKS_ASSIGN_OR_RETURN(CacheListResult result, cache->List(list));
  for (const ObjectPtr& o : result.items) {
    EKS_ASSIGN_OR_RETURN(Json pdb, ParseJson(o->json));
    auto selector = api::LabelSelectorFromJson(Path(pdb, "spec.selector"));
    if (!selector.ok() || selector->IsNothing() || !selector->MatchesObject(pod)) continue;
    out.push_back(std::move(pdb));
  }
  return out;
}

// Spends one disruption of budget `name` for `pod`, or refuses.
Status SpendDisruption(Registry& registry, const std::string& ns, const std::string& name,
                       const std::string& pod, bool dry_run) {
  const ResourceInfo* pdbs = registry.table()->Find("policy", "v1", "poddisruptionbudgets");
  Clock::time_point now = registry.clock().Now();
  Mutation spend = [&](Json& pdb) -> Status {
    int64_t generation = IntAt(pdb, "metadata.generation").value_or(0);
    if (IntAt(pdb, "status.observedGeneration").value_or(0) < generation) {
      return BudgetRefusal("The disruption budget " + name +
                           " is still being processed by the server.");
    }
    int64_t allowed = IntAt(pdb, "status.disruptionsAllowed").value_or(0);
    if (allowed < 0) return Status::Forbidden("pdb disruptions allowed is negative");
    if (allowed == 0) {
      return BudgetRefusal("The disruption budget " + name + " needs " +
                           std::to_string(IntAt(pdb, "status.desiredHealthy").value_or(0)) +
                           " healthy pods and has " +
                           std::to_string(IntAt(pdb, "status.currentHealthy").value_or(0)) +
                           " currently");
    }
    JsonAllocator& a = pdb.GetAllocator();
    JsonValue& status = EnsureObject(pdb, "status", a);
    SetInt(status, "disruptionsAllowed", allowed - 1, a);
    // The disruption controller forgets the entry once the pod is gone (or
    // after a timeout), so the spent disruption is not counted twice.
    SetString(EnsureObject(status, "disruptedPods", a), pod, FormatRfc3339(now), a);
    return Status::Ok();
  };
  WriteOptions options;
  options.subresource = "status";
  options.dry_run = dry_run;
  options.user = "system:apiserver";
  return registry.Mutate(*pdbs, ns, name, spend, options).status();
}

// Whether the budget lets `pod` go, spending a disruption when it must.
Status CheckBudget(Registry& registry, const JsonValue& pdb, const JsonValue& pod,
                   const std::string& ns, bool dry_run) {
  std::string name(StringAt(pdb, "metadata.name"));
  if (!PodReady(pod)) {
    // An unhealthy pod does not count towards the budget: evicting it costs
    // nothing when the policy says so, or when the budget is met anyway.
    std::string_view policy = StringAt(pdb, "spec.unhealthyPodEvictionPolicy");
    if (policy == "AlwaysAllow") return Status::Ok();
    int64_t healthy = IntAt(pdb, "status.currentHealthy").value_or(0);
    int64_t desired = IntAt(pdb, "status.desiredHealthy").value_or(0);
    if (IntAt(pdb, "status.observedGeneration").value_or(0) >=
            IntAt(pdb, "metadata.generation").value_or(0) &&
        healthy >= desired && desired > 0) {
      return Status::Ok();
    }
  }
  return SpendDisruption(registry, ns, name, std::string(StringAt(pod, "metadata.name")), dry_run);
}

// Tells the pod's owner (a Job's pod failure policy, say) why it is going.
Status MarkDisruptionTarget(Registry& registry, const ResourceInfo& pods, const std::string& ns,
                            const std::string& name) {
  Clock::time_point now = registry.clock().Now();
  Mutation mark = [&](Json& pod) -> Status {
    api::SetPodCondition(
        pod, {api::kDisruptionTarget, "True", api::kEvictionByEvictionApi, "Eviction API: evicting"},
        now);
    return Status::Ok();
  };
  WriteOptions options;
  options.subresource = "status";
  options.user = "system:apiserver";
  return registry.Mutate(pods, ns, name, mark, options).status();
}

http::Response Evict(const RequestScope& scope) {
  if (scope.info.verb != "create") {
    return StatusResponse(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  }
  auto eviction = DecodeReview(scope);
  if (!eviction.ok()) return StatusResponse(eviction.status());
  std::string_view named = StringAt(*eviction, "metadata.name");
  if (!named.empty() && named != scope.info.name) {
    return StatusResponse(Status::BadRequest("name in URL does not match name in Eviction object"));
  }
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  const std::string& ns = scope.info.namespace_;
  auto current = scope.registry.Get(scope.resource, ns, scope.info.name);
  if (!current.ok()) return StatusResponse(current.status());
  auto pod = ParseJson((*current)->json);
  if (!pod.ok()) return StatusResponse(pod.status());
  DeleteOptions options = EvictionDeleteOptions(*eviction, begin->options.dry_run);
  if (!BudgetIrrelevant(*pod)) {
    auto budgets = BudgetsOf(scope.registry, *pod, ns);
    if (!budgets.ok()) return StatusResponse(budgets.status());
    if (budgets->size() > 1) {
      return StatusResponse(Status::Internal(
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does "
          "not support."));
    }
    if (budgets->size() == 1) {
      Status allowed = CheckBudget(scope.registry, budgets->front(), *pod, ns, options.dry_run);
      if (!allowed.ok()) return StatusResponse(allowed);
    }
  }
  if (!options.dry_run && Path(*pod, "metadata.deletionTimestamp") == nullptr) {
    Status marked = MarkDisruptionTarget(scope.registry, scope.resource, ns, scope.info.name);
    if (!marked.ok()) return StatusResponse(marked);
  }
  auto deleted = scope.registry.Delete(scope.resource, ns, scope.info.name, options);
  if (!deleted.ok()) return StatusResponse(deleted.status());
  return EvictionCreated();
}

}  // namespace

RequestHandler PodEvictionHandler() { return Evict; }

}  // namespace ekslite::apiserver

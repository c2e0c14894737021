#include "controllers/deployment/deployment_status.h"

#include <algorithm>
#include <string>

#include "controllers/deployment/deployment_util.h"

namespace ekslite::controllers::deployment {
namespace {

int64_t Int(const JsonValue& object, std::string_view path) { return IntAt(object, path).value_or(0); }

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

}  // namespace

const JsonValue* StatusCondition(const JsonValue& status, std::string_view type) {
  const JsonValue* conditions = Member(status, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) return nullptr;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == type) return &c;
  }
  return nullptr;
}

void RemoveStatusCondition(Json& status, std::string_view type) {
  JsonValue* conditions = Member(status, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) return;
  for (auto it = conditions->Begin(); it != conditions->End();) {
    if (StringAt(*it, "type") == type) {
      it = conditions->Erase(it);
    } else {
      ++it;
    }
  }
}

void SetStatusCondition(Json& status, std::string_view type, std::string_view cond_status,
                        std::string_view reason, std::string_view message, Clock::time_point now) {
  JsonAllocator& a = status.GetAllocator();
  std::string transition = FormatRfc3339(now);
  if (const JsonValue* current = StatusCondition(status, type)) {
    if (StringAt(*current, "status") == cond_status && StringAt(*current, "reason") == reason) return;
    if (StringAt(*current, "status") == cond_status) {
      transition = std::string(StringAt(*current, "lastTransitionTime"));
    }
  }
  RemoveStatusCondition(status, type);
  JsonValue c(rapidjson::kObjectType);
  SetString(c, "type", type, a);
  SetString(c, "status", cond_status, a);
  SetString(c, "lastUpdateTime", FormatRfc3339(now), a);
  SetString(c, "lastTransitionTime", transition, a);
  SetString(c, "reason", reason, a);
  SetString(c, "message", message, a);
  JsonValue* conditions = Member(status, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) {
    SetMember(status, "conditions", JsonValue(rapidjson::kArrayType), a);
    conditions = Member(status, "conditions");
  }
  conditions->PushBack(std::move(c), a);
}

Json CalculateDeploymentStatus(const JsonValue& d, const std::vector<const JsonValue*>& all,
                               const JsonValue* new_rs, Clock::time_point now) {
  int64_t replicas = 0, ready = 0, available = 0, spec_total = 0;
  for (const JsonValue* rs : all) {
    replicas += Int(*rs, "status.replicas");
    ready += Int(*rs, "status.readyReplicas");
    available += Int(*rs, "status.availableReplicas");
    spec_total += Int(*rs, "spec.replicas");
  }
  Json status(rapidjson::kObjectType);
  JsonAllocator& a = status.GetAllocator();
  SetInt(status, "observedGeneration", Int(d, "metadata.generation"), a);
  SetInt(status, "replicas", replicas, a);
  SetInt(status, "updatedReplicas", new_rs == nullptr ? 0 : Int(*new_rs, "status.replicas"), a);
  SetInt(status, "readyReplicas", ready, a);
  SetInt(status, "availableReplicas", available, a);
  SetInt(status, "unavailableReplicas", std::max<int64_t>(0, spec_total - available), a);
  if (auto collisions = IntAt(d, "status.collisionCount")) SetInt(status, "collisionCount", *collisions, a);
  if (const JsonValue* conditions = Path(d, "status.conditions")) {
    SetMember(status, "conditions", JsonValue(*conditions, a), a);
  }
  if (available >= SpecReplicas(d) - MaxUnavailable(d)) {
    SetStatusCondition(status, "Available", "True", "MinimumReplicasAvailable",
                       "Deployment has minimum availability.", now);
  } else {
    SetStatusCondition(status, "Available", "False", "MinimumReplicasUnavailable",
                       "Deployment does not have minimum availability.", now);
  }
  return status;
}

bool HasProgressDeadline(const JsonValue& d) {
  auto deadline = IntAt(d, "spec.progressDeadlineSeconds");
  return deadline.has_value() && *deadline != INT32_MAX;
}

bool DeploymentComplete(const JsonValue& d, const JsonValue& status) {
  int64_t want = SpecReplicas(d);
  return Int(status, "updatedReplicas") == want && Int(status, "replicas") == want &&
         Int(status, "availableReplicas") == want &&
         Int(status, "observedGeneration") >= Int(d, "metadata.generation");
}

bool DeploymentProgressing(const JsonValue& d, const JsonValue& status) {
  int64_t old_old = Int(d, "status.replicas") - Int(d, "status.updatedReplicas");
  int64_t new_old = Int(status, "replicas") - Int(status, "updatedReplicas");
  return Int(status, "updatedReplicas") > Int(d, "status.updatedReplicas") || new_old < old_old ||
         Int(status, "readyReplicas") > Int(d, "status.readyReplicas") ||
         Int(status, "availableReplicas") > Int(d, "status.availableReplicas");
}

bool DeploymentTimedOut(const JsonValue& d, const JsonValue& status, Clock::time_point now) {
  if (!HasProgressDeadline(d)) return false;
  const JsonValue* c = StatusCondition(status, "Progressing");
  if (c == nullptr) return false;
  std::string_view reason = StringAt(*c, "reason");
  if (reason == kNewRSAvailableReason) return false;
  if (reason == kTimedOutReason) return true;
  Clock::time_point from;
  if (!ParseRfc3339(StringAt(*c, "lastUpdateTime"), &from)) return false;
  return from + std::chrono::seconds(Int(d, "spec.progressDeadlineSeconds")) < now;
}

void UpdateProgressingCondition(const JsonValue& d, const std::vector<const JsonValue*>& all,
                                const JsonValue* new_rs, Clock::time_point now, Json& status) {
  if (!HasProgressDeadline(d)) RemoveStatusCondition(status, "Progressing");
  const JsonValue* current = StatusCondition(status, "Progressing");
  bool complete = Int(status, "replicas") == Int(status, "updatedReplicas") && current != nullptr &&
                  StringAt(*current, "reason") == kNewRSAvailableReason;
  if (HasProgressDeadline(d) && !complete) {
    std::string name = new_rs == nullptr ? "" : std::string(StringAt(*new_rs, "metadata.name"));
    if (DeploymentComplete(d, status)) {
      std::string message = new_rs == nullptr ? "Deployment has successfully progressed."
                                              : "ReplicaSet " + Quoted(name) + " has successfully progressed.";
      SetStatusCondition(status, "Progressing", "True", kNewRSAvailableReason, message, now);
    } else if (DeploymentProgressing(d, status)) {
      std::string message = new_rs == nullptr ? "Deployment is progressing."
                                              : "ReplicaSet " + Quoted(name) + " is progressing.";
      // A fresh lastUpdateTime restarts the deadline even with the same reason.
      std::string transition = FormatRfc3339(now);
      if (current != nullptr && StringAt(*current, "status") == "True") {
        transition = std::string(StringAt(*current, "lastTransitionTime"));
      }
      RemoveStatusCondition(status, "Progressing");
      SetStatusCondition(status, "Progressing", "True", kRSUpdatedReason, message, now);
      JsonValue* conditions = Member(status, "conditions");
      SetString((*conditions)[conditions->Size() - 1], "lastTransitionTime", transition,
                status.GetAllocator());
    } else if (DeploymentTimedOut(d, status, now)) {
      std::string message = new_rs == nullptr ? "Deployment has timed out progressing."
                                              : "ReplicaSet " + Quoted(name) + " has timed out progressing.";
      SetStatusCondition(status, "Progressing", "False", kTimedOutReason, message, now);
    }
  }
  // ReplicaFailure mirrors the first failure a ReplicaSet reports.
  const JsonValue* failure = nullptr;
  for (const JsonValue* rs : all) {
    const JsonValue* rs_status = Member(*rs, "status");
    if (rs_status != nullptr && (failure = StatusCondition(*rs_status, "ReplicaFailure"))) break;
  }
  if (failure != nullptr) {
    SetStatusCondition(status, "ReplicaFailure", StringAt(*failure, "status"),
                       StringAt(*failure, "reason"), StringAt(*failure, "message"), now);
  } else {
    RemoveStatusCondition(status, "ReplicaFailure");
  }
}

}  // namespace ekslite::controllers::deployment

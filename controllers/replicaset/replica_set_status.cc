#include "controllers/replicaset/replica_set_status.h"

#include <string>

#include "controllers/common/pod_util.h"
#include "core/api/label_selector.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

// True when every label of the pod template is on the pod.
bool FullyLabeled(const JsonValue& pod, const JsonValue* template_labels) {
  if (template_labels == nullptr || !template_labels->IsObject()) return true;
  const JsonValue* labels = Path(pod, "metadata.labels");
  for (const auto& m : template_labels->GetObject()) {
    const JsonValue* v = labels == nullptr ? nullptr : Member(*labels, View(m.name));
    if (v == nullptr || View(*v) != View(m.value)) return false;
  }
  return true;
}

void SetFailureCondition(const JsonValue& rs, const Status& manage, Clock::time_point now,
                         Json& status) {
  JsonAllocator& a = status.GetAllocator();
  JsonValue conditions(rapidjson::kArrayType);
  const JsonValue* old = Path(rs, "status.conditions");
  const JsonValue* old_failure = nullptr;
  if (old != nullptr && old->IsArray()) {
    for (const JsonValue& c : old->GetArray()) {
      if (StringAt(c, "type") == "ReplicaFailure") {
        old_failure = &c;
      } else {
        conditions.PushBack(JsonValue(c, a), a);
      }
    }
  }
  if (!manage.ok()) {
    bool deleting = manage.message().rfind("Error creating", 0) != 0;
    std::string_view reason = deleting ? "FailedDelete" : "FailedCreate";
    if (old_failure != nullptr && StringAt(*old_failure, "reason") == reason &&
        StringAt(*old_failure, "message") == manage.message()) {
      conditions.PushBack(JsonValue(*old_failure, a), a);
    } else {
      JsonValue c(rapidjson::kObjectType);
      SetString(c, "type", "ReplicaFailure", a);
      SetString(c, "status", "True", a);
      SetString(c, "lastTransitionTime", FormatRfc3339(now), a);
      SetString(c, "reason", reason, a);
      SetString(c, "message", manage.message(), a);
      conditions.PushBack(std::move(c), a);
    }
  }
  if (!conditions.Empty()) SetMember(status, "conditions", std::move(conditions), a);
}

}  // namespace

Json CalculateReplicaSetStatus(const JsonValue& rs, const ReplicaSetStatusInput& input) {
  int64_t fully_labeled = 0, ready = 0, available = 0;
  const JsonValue* template_labels = Path(rs, "spec.template.metadata.labels");
  for (const client::ObjectPtr& pod : input.pods) {
    if (FullyLabeled(*pod, template_labels)) ++fully_labeled;
    if (IsPodReady(*pod)) {
      ++ready;
      if (IsPodAvailable(*pod, input.min_ready_seconds, input.now)) ++available;
    }
  }
  Json status(rapidjson::kObjectType);
  JsonAllocator& a = status.GetAllocator();
  SetInt(status, "replicas", static_cast<int64_t>(input.pods.size()), a);
  SetInt(status, "fullyLabeledReplicas", fully_labeled, a);
  SetInt(status, "readyReplicas", ready, a);
  SetInt(status, "availableReplicas", available, a);
  SetInt(status, "observedGeneration", IntAt(rs, "metadata.generation").value_or(0), a);
  SetFailureCondition(rs, input.manage, input.now, status);
  return status;
}

Status WriteReplicaSetStatus(const client::DynamicClient& client,
                             const client::GroupVersionResource& resource, const JsonValue& rs,
                             const JsonValue& status) {
  const JsonValue* current = Member(rs, "status");
  // Zero counts may be omitted by the server; compare with them filled in.
  Json filled(rapidjson::kObjectType);
  if (current != nullptr) filled.CopyFrom(*current, filled.GetAllocator());
  for (const char* field : {"fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                            "replicas", "observedGeneration"}) {
    if (Member(filled, field) == nullptr) SetInt(filled, field, 0, filled.GetAllocator());
  }
  if (filled == status) return Status::Ok();
  Json updated = client::CopyObject(rs);
  SetMember(updated, "status", JsonValue(status, updated.GetAllocator()), updated.GetAllocator());
  auto sets = client.Resource(resource,
                              std::string(StringAt(rs, "metadata.namespace")));
  auto written = sets.UpdateStatus(updated);
  return written.ok() ? Status::Ok() : written.status();
}

}  // namespace ekslite::controllers

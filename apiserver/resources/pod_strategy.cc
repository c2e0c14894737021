#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/pod_spec.h"
#include "apiserver/resources/pod_update_rules.h"
#include "apiserver/resources/strategies.h"
#include "core/api/conditions.h"
#include "core/api/field_errors.h"

namespace ekslite::apiserver {
namespace {

bool HasResources(const JsonValue& c, std::string_view kind) {
  const JsonValue* r = Path(c, kind == "requests" ? "resources.requests" : "resources.limits");
  return r != nullptr && r->IsObject() && !r->ObjectEmpty();
}

// Upstream's QoS classes: BestEffort without any requests or limits,
// Guaranteed when every container limits cpu and memory with requests equal
// to limits, Burstable otherwise.
std::string_view QosClass(const JsonValue& spec) {
  bool any = false, guaranteed = true;
  for (const char* list : {"containers", "initContainers"}) {
    const JsonValue* cs = Member(spec, list);
    if (cs == nullptr || !cs->IsArray()) continue;
    for (const JsonValue& c : cs->GetArray()) {
      if (HasResources(c, "requests") || HasResources(c, "limits")) any = true;
      const JsonValue* limits = Path(c, "resources.limits");
      const JsonValue* requests = Path(c, "resources.requests");
      for (const char* res : {"cpu", "memory"}) {
        const JsonValue* l = limits ? Member(*limits, res) : nullptr;
        const JsonValue* r = requests ? Member(*requests, res) : nullptr;
        if (l == nullptr || (r != nullptr && !(*r == *l))) guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

Strategy PodStrategy() {
  Strategy s;
  s.prepare_for_create = [](Json& pod, const WriteContext&) -> Status {
    JsonAllocator& a = pod.GetAllocator();
    JsonValue& spec = EnsureObject(pod, "spec", a);
    DefaultPodSpec(spec, a);
    DefaultPodOnlyFields(spec, a);
    RemoveMember(pod, "status");
    JsonValue& status = EnsureObject(pod, "status", a);
    SetString(status, "phase", "Pending", a);
    SetString(status, "qosClass", QosClass(spec), a);
    return Status::Ok();
  };
  s.prepare_for_update = [](Json& pod, const JsonValue& old, const WriteContext& ctx) -> Status {
    JsonAllocator& a = pod.GetAllocator();
    JsonValue& spec = EnsureObject(pod, "spec", a);
    DefaultPodSpec(spec, a);
    DefaultPodOnlyFields(spec, a);
    if (ctx.subresource == "binding") {
      // Bound to a node (pods/binding): scheduled.
      api::SetPodCondition(pod, {"PodScheduled", "True", "", ""}, ctx.now);
    } else if (ctx.subresource.empty()) {
      // The pod itself: only what upstream lets an update change.
      api::ErrorList errors;
      ValidatePodSpecUpdate(spec, ObjectAt(old, "spec"), &errors);
      if (!errors.empty()) {
        return api::ToInvalidStatus("Pod", "", StringAt(pod, "metadata.name"), errors);
      }
    }
    return Status::Ok();
  };
  s.validate = [](const JsonValue& pod, const JsonValue*) -> Status {
    api::ErrorList errors;
    const JsonValue* spec = Member(pod, "spec");
    if (spec == nullptr || !spec->IsObject()) {
      errors.Add(api::Required(api::FieldPath("spec"), ""));
    } else {
      ValidatePodSpec(*spec, api::FieldPath("spec"), &errors);
    }
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus("Pod", "", StringAt(pod, "metadata.name"), errors);
  };
  // A pod bound to a node terminates gracefully: the kubelet stops it and
  // then deletes it with a zero grace period.
  s.begin_delete = [](Json& pod, std::optional<int64_t> grace, const WriteContext&) {
    if (StringAt(pod, "spec.nodeName").empty()) return false;
    int64_t seconds = grace.value_or(IntAt(pod, "spec.terminationGracePeriodSeconds").value_or(30));
    if (seconds <= 0) return false;
    SetInt(pod["metadata"], "deletionGracePeriodSeconds", seconds, pod.GetAllocator());
    return true;
  };
  s.holds_deletion = [](const JsonValue& pod) {
    return IntAt(pod, "metadata.deletionGracePeriodSeconds").value_or(0) > 0;
  };
  return s;
}

}  // namespace ekslite::apiserver

#include <optional>

#include "apiserver/admission/pod_plugins.h"
#include "apiserver/admission/stored_objects.h"

namespace ekslite::apiserver {
namespace {

constexpr char kPreemptLowerPriority[] = "PreemptLowerPriority";

struct ResolvedPriority {
  std::string class_name;  // "" when no class applies
  int64_t value = 0;
  std::string preemption_policy = kPreemptLowerPriority;
};

ResolvedPriority FromClass(const JsonValue& pc) {
  ResolvedPriority r;
  r.class_name = std::string(StringAt(pc, "metadata.name"));
  r.value = IntAt(pc, "value").value_or(0);
  std::string_view policy = StringAt(pc, "preemptionPolicy");
  if (!policy.empty()) r.preemption_policy = std::string(policy);
  return r;
}

// The class pods get when they name none: the globalDefault one (the lowest
// valued when several claim it), else priority 0.
ResolvedPriority DefaultPriority(const std::vector<Json>& classes) {
  const JsonValue* chosen = nullptr;
  for (const Json& pc : classes) {
    const JsonValue* global = Member(pc, "globalDefault");
    if (global == nullptr || !global->IsBool() || !global->GetBool()) continue;
    if (chosen == nullptr || IntAt(pc, "value").value_or(0) < IntAt(*chosen, "value").value_or(0)) {
      chosen = &pc;
    }
  }
  if (chosen == nullptr) return ResolvedPriority{};
  return FromClass(*chosen);
}

}  // namespace

Status AdmitPriority(const Registry& registry, const ResourceInfo& pods, Json& pod) {
  EKS_ASSIGN_OR_RETURN(std::vector<Json> classes,
                       ListStored(registry, "scheduling.k8s.io", "v1", "priorityclasses", ""));
  JsonAllocator& a = pod.GetAllocator();
  JsonValue& spec = EnsureObject(pod, "spec", a);
  std::string name(StringAt(spec, "priorityClassName"));
  ResolvedPriority resolved;
  if (name.empty()) {
    resolved = DefaultPriority(classes);
  } else {
    const JsonValue* found = nullptr;
    for (const Json& pc : classes) {
      if (StringAt(pc, "metadata.name") == name) found = &pc;
    }
    if (found == nullptr) {
      return AdmissionForbidden(pods, pod, "no PriorityClass with name " + name + " was found");
    }
    resolved = FromClass(*found);
  }
  // Pod defaulting (before admission here) sets priority 0 and
  // PreemptLowerPriority on every pod, so only other values count as provided.
  if (std::optional<int64_t> given = IntAt(spec, "priority");
      given && *given != 0 && *given != resolved.value) {
    return AdmissionForbidden(
        pods, pod,
        "the integer value of priority (" + std::to_string(*given) +
            ") must not be provided in pod spec; priority admission controller computed " +
            std::to_string(resolved.value) + " from the given PriorityClass name");
  }
  std::string_view policy = StringAt(spec, "preemptionPolicy");
  if (!policy.empty() && policy != kPreemptLowerPriority && policy != resolved.preemption_policy) {
    return AdmissionForbidden(
        pods, pod,
        "the string value of PreemptionPolicy (" + std::string(policy) +
            ") must not be provided in pod spec; priority admission controller computed " +
            resolved.preemption_policy + " from the given PriorityClass name");
  }
  if (!resolved.class_name.empty()) SetString(spec, "priorityClassName", resolved.class_name, a);
  SetInt(spec, "priority", resolved.value, a);
  SetString(spec, "preemptionPolicy", resolved.preemption_policy, a);
  return Status::Ok();
}

}  // namespace ekslite::apiserver

#include "controllers/job/pod_failure_policy.h"

#include <string_view>

namespace ekslite::controllers::job {
namespace {

std::string PodName(const JsonValue& pod) {
  return std::string(StringAt(pod, "metadata.namespace")) + "/" +
         std::string(StringAt(pod, "metadata.name"));
}

bool Contains(const JsonValue* values, int64_t code) {
  if (values == nullptr || !values->IsArray()) return false;
  for (const JsonValue& v : values->GetArray()) {
    if (v.IsInt64() && v.GetInt64() == code) return true;
  }
  return false;
}

// The first container (init containers too) that exited non-zero with a
// code the requirement matches: its name and exit code.
std::optional<std::pair<std::string, int64_t>> MatchExitCodes(const JsonValue& requirement,
                                                              const JsonValue& pod) {
  std::string_view only = StringAt(requirement, "containerName");
  bool in = StringAt(requirement, "operator") == "In";
  const JsonValue* values = Member(requirement, "values");
  for (const char* list : {"status.initContainerStatuses", "status.containerStatuses"}) {
    const JsonValue* statuses = Path(pod, list);
    if (statuses == nullptr || !statuses->IsArray()) continue;
    for (const JsonValue& s : statuses->GetArray()) {
      if (!only.empty() && StringAt(s, "name") != only) continue;
      std::optional<int64_t> code = IntAt(s, "state.terminated.exitCode");
      if (!code || *code == 0) continue;
      if (Contains(values, *code) == in) return std::make_pair(std::string(StringAt(s, "name")), *code);
    }
  }
  return std::nullopt;
}

// The first of the rule's pod condition patterns the pod has: its type.
std::optional<std::string> MatchConditions(const JsonValue& patterns, const JsonValue& pod) {
  const JsonValue* conditions = Path(pod, "status.conditions");
  if (!patterns.IsArray() || conditions == nullptr || !conditions->IsArray()) return std::nullopt;
  for (const JsonValue& pattern : patterns.GetArray()) {
    std::string_view want = StringAt(pattern, "status");
    if (want.empty()) want = "True";
    for (const JsonValue& c : conditions->GetArray()) {
      if (StringAt(c, "type") == StringAt(pattern, "type") && StringAt(c, "status") == want) {
        return std::string(StringAt(c, "type"));
      }
    }
  }
  return std::nullopt;
}

}  // namespace

FailureVerdict JudgeFailedPod(const JsonValue& job, const JsonValue& pod) {
  const JsonValue* rules = Path(job, "spec.podFailurePolicy.rules");
  if (rules == nullptr || !rules->IsArray()) return {};
  int index = 0;
  for (const JsonValue& rule : rules->GetArray()) {
    std::string_view action = StringAt(rule, "action");
    std::string why;
    if (const JsonValue* codes = Member(rule, "onExitCodes"); codes != nullptr) {
      if (auto hit = MatchExitCodes(*codes, pod)) {
        why = "Container " + hit->first + " for pod " + PodName(pod) + " failed with exit code " +
              std::to_string(hit->second);
      }
    } else if (const JsonValue* patterns = Member(rule, "onPodConditions"); patterns != nullptr) {
      if (auto type = MatchConditions(*patterns, pod)) {
        why = "Pod " + PodName(pod) + " has condition " + *type;
      }
    }
    if (!why.empty()) {
      if (action == "Ignore") return {FailureAction::kIgnore, ""};
      if (action == "FailJob") {
        return {FailureAction::kFailJob,
                why + " matching FailJob rule at index " + std::to_string(index)};
      }
      if (action == "FailIndex") return {FailureAction::kFailIndex, ""};
      return {};  // Count
    }
    ++index;
  }
  return {};
}

}  // namespace ekslite::controllers::job

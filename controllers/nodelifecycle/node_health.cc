#include "controllers/nodelifecycle/node_health.h"

#include <string>

#include "controllers/common/pod_util.h"
#include "core/api/taints.h"

namespace ekslite::controllers::nodelifecycle {
namespace {

constexpr char kUnknownReason[] = "NodeStatusUnknown";
constexpr char kUnknownMessage[] = "Kubelet stopped posting node status.";

bool IsLifecycleTaint(const JsonValue& taint) {
  std::string_view key = StringAt(taint, "key");
  std::string_view effect = StringAt(taint, "effect");
  return (key == kUnreachableTaint || key == kNotReadyTaint) &&
         (effect == "NoSchedule" || effect == "NoExecute");
}

JsonValue Taint(std::string_view key, std::string_view effect, const JsonValue* old,
                Clock::time_point now, JsonAllocator& a) {
  JsonValue t(rapidjson::kObjectType);
  t.AddMember("key", MakeString(key, a), a);
  t.AddMember("effect", MakeString(effect, a), a);
  if (effect == "NoExecute") {
    std::string_view added = old ? StringAt(*old, "timeAdded") : std::string_view();
    t.AddMember("timeAdded", MakeString(added.empty() ? FormatRfc3339(now) : added, a), a);
  }
  return t;
}

}  // namespace

Clock::time_point LastHeartbeat(const JsonValue& node, const JsonValue* lease) {
  Clock::time_point latest = CreationTime(node);
  Clock::time_point t;
  if (lease != nullptr && ParseRfc3339(StringAt(*lease, "spec.renewTime"), &t) && t > latest) {
    latest = t;
  }
  if (const JsonValue* ready = FindCondition(node, "Ready"); ready != nullptr) {
    if (ParseRfc3339(StringAt(*ready, "lastHeartbeatTime"), &t) && t > latest) latest = t;
  }
  return latest;
}

bool MarkStatusUnknown(Json& node, Clock::time_point now) {
  JsonAllocator& a = node.GetAllocator();
  JsonValue& status = EnsureObject(node, "status", a);
  JsonValue* conditions = Member(status, "conditions");
  if (conditions == nullptr || !conditions->IsArray()) {
    SetMember(status, "conditions", JsonValue(rapidjson::kArrayType), a);
    conditions = Member(status, "conditions");
  }
  bool has_ready = false, changed = false;
  std::string when = FormatRfc3339(now);
  for (JsonValue& c : conditions->GetArray()) {
    has_ready = has_ready || StringAt(c, "type") == "Ready";
    if (StringAt(c, "status") == "Unknown" && StringAt(c, "reason") == kUnknownReason) continue;
    SetString(c, "status", "Unknown", a);
    SetString(c, "reason", kUnknownReason, a);
    SetString(c, "message", kUnknownMessage, a);
    SetString(c, "lastTransitionTime", when, a);
    changed = true;
  }
  if (!has_ready) {
    JsonValue c(rapidjson::kObjectType);
    c.AddMember("type", "Ready", a);
    c.AddMember("status", "Unknown", a);
    c.AddMember("reason", kUnknownReason, a);
    c.AddMember("message", kUnknownMessage, a);
    c.AddMember("lastHeartbeatTime", MakeString(when, a), a);
    c.AddMember("lastTransitionTime", MakeString(when, a), a);
    conditions->PushBack(std::move(c), a);
    changed = true;
  }
  return changed;
}

bool SetLifecycleTaints(Json& node, std::string_view ready, Clock::time_point now) {
  JsonAllocator& a = node.GetAllocator();
  std::string_view want;
  if (ready == "False") want = kNotReadyTaint;
  if (ready == "Unknown") want = kUnreachableTaint;
  JsonValue& spec = EnsureObject(node, "spec", a);
  const JsonValue* old = Member(spec, "taints");
  JsonValue taints(rapidjson::kArrayType);
  const JsonValue* old_no_schedule = nullptr;
  const JsonValue* old_no_execute = nullptr;
  std::string before = old != nullptr ? ToJsonString(*old) : "[]";
  if (old != nullptr && old->IsArray()) {
    for (const JsonValue& t : old->GetArray()) {
      if (!IsLifecycleTaint(t)) {
        taints.PushBack(JsonValue(t, a), a);
      } else if (StringAt(t, "key") == want) {
        (StringAt(t, "effect") == "NoSchedule" ? old_no_schedule : old_no_execute) = &t;
      }
    }
  }
  if (!want.empty()) {
    taints.PushBack(Taint(want, "NoSchedule", old_no_schedule, now, a), a);
    taints.PushBack(Taint(want, "NoExecute", old_no_execute, now, a), a);
  }
  // Compare by content: the order of untouched taints is kept.
  Json probe;
  probe.CopyFrom(taints, probe.GetAllocator());
  std::string after = ToJsonString(probe);
  if (old == nullptr && taints.Empty()) return false;
  if (before == after) return false;
  if (taints.Empty()) {
    RemoveMember(spec, "taints");
  } else {
    SetMember(spec, "taints", std::move(taints), a);
  }
  return true;
}

std::optional<Clock::time_point> EvictionTime(const JsonValue& pod, const JsonValue* taints,
                                              bool* evict_now) {
  *evict_now = false;
  if (taints == nullptr || !taints->IsArray()) return std::nullopt;
  const JsonValue* tolerations = Path(pod, "spec.tolerations");
  std::optional<Clock::time_point> deadline;
  for (const JsonValue& taint : taints->GetArray()) {
    if (StringAt(taint, "effect") != "NoExecute") continue;
    const JsonValue* matched = nullptr;
    if (!api::TaintTolerated(tolerations, taint, &matched)) {
      *evict_now = true;
      return std::nullopt;
    }
    std::optional<int64_t> seconds = IntAt(*matched, "tolerationSeconds");
    if (!seconds) continue;  // tolerated for ever
    Clock::time_point added;
    if (!ParseRfc3339(StringAt(taint, "timeAdded"), &added)) added = Clock::time_point{};
    Clock::time_point at = added + std::chrono::seconds(std::max<int64_t>(*seconds, 0));
    if (!deadline || at < *deadline) deadline = at;
  }
  return deadline;
}

}  // namespace ekslite::controllers::nodelifecycle

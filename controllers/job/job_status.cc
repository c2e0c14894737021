#include "controllers/job/job_status.h"

#include <cstdlib>

#include "controllers/common/pod_util.h"

namespace ekslite::controllers::job {

bool HasTrueCondition(const JsonValue& job, std::string_view type) {
  return ConditionStatus(job, type) == "True";
}

bool IsJobFinished(const JsonValue& job) {
  return HasTrueCondition(job, "Complete") || HasTrueCondition(job, "Failed");
}

std::optional<Clock::time_point> JobFinishTime(const JsonValue& job) {
  for (const char* type : {"Complete", "Failed"}) {
    const JsonValue* c = FindCondition(job, type);
    if (c == nullptr || StringAt(*c, "status") != "True") continue;
    Clock::time_point t;
    if (ParseRfc3339(StringAt(*c, "lastTransitionTime"), &t)) return t;
  }
  return std::nullopt;
}

bool SetJobCondition(Json& job, std::string_view type, std::string_view status,
                     std::string_view reason, std::string_view message, Clock::time_point now) {
  JsonAllocator& a = job.GetAllocator();
  JsonValue& st = EnsureObject(job, "status", a);
  JsonValue* list = Member(st, "conditions");
  if (list == nullptr || !list->IsArray()) {
    SetMember(st, "conditions", JsonValue(rapidjson::kArrayType), a);
    list = Member(st, "conditions");
  }
  std::string when = FormatRfc3339(now);
  for (JsonValue& c : list->GetArray()) {
    if (StringAt(c, "type") != type) continue;
    if (StringAt(c, "status") == status && StringAt(c, "reason") == reason &&
        StringAt(c, "message") == message) {
      return false;
    }
    if (StringAt(c, "status") != status) SetString(c, "lastTransitionTime", when, a);
    SetString(c, "status", status, a);
    SetString(c, "reason", reason, a);
    SetString(c, "message", message, a);
    SetString(c, "lastProbeTime", when, a);
    return true;
  }
  JsonValue c(rapidjson::kObjectType);
  c.AddMember("type", MakeString(type, a), a);
  c.AddMember("status", MakeString(status, a), a);
  c.AddMember("lastProbeTime", MakeString(when, a), a);
  c.AddMember("lastTransitionTime", MakeString(when, a), a);
  c.AddMember("reason", MakeString(reason, a), a);
  c.AddMember("message", MakeString(message, a), a);
  list->PushBack(std::move(c), a);
  return true;
}

std::set<int64_t> ParseIndexes(std::string_view text) {
  std::set<int64_t> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string piece(text.substr(0, comma));
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    size_t dash = piece.find('-');
    char* end = nullptr;
    int64_t first = std::strtoll(piece.c_str(), &end, 10);
    if (end == piece.c_str()) continue;
    int64_t last = first;
    if (dash != std::string::npos) last = std::strtoll(piece.c_str() + dash + 1, nullptr, 10);
    for (int64_t i = first; i <= last && i - first < 1000000; ++i) out.insert(i);
  }
  return out;
}

std::string FormatIndexes(const std::set<int64_t>& indexes) {
  std::string out;
  for (auto it = indexes.begin(); it != indexes.end();) {
    int64_t first = *it, last = *it;
    for (++it; it != indexes.end() && *it == last + 1; ++it) last = *it;
    if (!out.empty()) out += ",";
    out += std::to_string(first);
    if (last > first) out += "-" + std::to_string(last);
  }
  return out;
}

std::optional<int64_t> PodCompletionIndex(const JsonValue& pod) {
  for (const char* where : {"annotations", "labels"}) {
    const JsonValue* map = Path(pod, std::string("metadata.") + where);
    if (map == nullptr || !map->IsObject()) continue;
    const JsonValue* v = Member(*map, kCompletionIndexAnnotation);
    if (v == nullptr || !v->IsString()) continue;
    std::string text(View(*v));
    char* end = nullptr;
    int64_t index = std::strtoll(text.c_str(), &end, 10);
    if (end != text.c_str() && *end == '\0' && index >= 0) return index;
  }
  return std::nullopt;
}

int64_t Parallelism(const JsonValue& job) { return IntAt(job, "spec.parallelism").value_or(1); }

std::optional<int64_t> Completions(const JsonValue& job) { return IntAt(job, "spec.completions"); }

int64_t BackoffLimit(const JsonValue& job) { return IntAt(job, "spec.backoffLimit").value_or(6); }

bool IsIndexed(const JsonValue& job) { return StringAt(job, "spec.completionMode") == "Indexed"; }

std::optional<int64_t> BackoffLimitPerIndex(const JsonValue& job) {
  if (!IsIndexed(job)) return std::nullopt;
  return IntAt(job, "spec.backoffLimitPerIndex");
}

std::optional<int64_t> MaxFailedIndexes(const JsonValue& job) {
  if (!IsIndexed(job)) return std::nullopt;
  return IntAt(job, "spec.maxFailedIndexes");
}

bool IsSuspended(const JsonValue& job) {
  const JsonValue* s = Path(job, "spec.suspend");
  return s != nullptr && s->IsBool() && s->GetBool();
}

}  // namespace ekslite::controllers::job

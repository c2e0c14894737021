#include "apiserver/admission/pod_plugins.h"

namespace ekslite::apiserver {
namespace {

constexpr char kNotReady[] = "node.kubernetes.io/not-ready";
constexpr char kUnreachable[] = "node.kubernetes.io/unreachable";

// True when one of `tolerations` already covers the NoExecute taint `key`
// (an empty key or effect matches any).
bool Tolerates(const JsonValue& tolerations, std::string_view key) {
  for (const JsonValue& t : tolerations.GetArray()) {
    std::string_view k = StringAt(t, "key");
    std::string_view effect = StringAt(t, "effect");
    if ((k.empty() || k == key) && (effect.empty() || effect == "NoExecute")) return true;
  }
  return false;
}

JsonValue Toleration(std::string_view key, int64_t seconds, JsonAllocator& a) {
  JsonValue t(rapidjson::kObjectType);
  t.AddMember("key", MakeString(key, a), a);
  t.AddMember("operator", "Exists", a);
  t.AddMember("effect", "NoExecute", a);
  t.AddMember("tolerationSeconds", JsonValue(seconds), a);
  return t;
}

}  // namespace

void AddDefaultTolerations(Json& pod, int64_t not_ready_seconds, int64_t unreachable_seconds) {
  JsonAllocator& a = pod.GetAllocator();
  JsonValue& spec = EnsureObject(pod, "spec", a);
  JsonValue* list = Member(spec, "tolerations");
  if (list == nullptr || !list->IsArray()) {
    SetMember(spec, "tolerations", JsonValue(rapidjson::kArrayType), a);
    list = Member(spec, "tolerations");
  }
  bool not_ready = Tolerates(*list, kNotReady);
  bool unreachable = Tolerates(*list, kUnreachable);
  if (!not_ready) list->PushBack(Toleration(kNotReady, not_ready_seconds, a), a);
  if (!unreachable) list->PushBack(Toleration(kUnreachable, unreachable_seconds, a), a);
}

}  // namespace ekslite::apiserver

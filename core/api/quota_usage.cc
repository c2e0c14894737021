#include "core/api/quota_usage.h"

#include "core/api/quantity.h"

namespace ekslite::api {
namespace {

constexpr int64_t kOne = 1000;

// Resources upstream counts under a bare name besides count/<resource>.
std::string_view BareCountName(std::string_view group, std::string_view resource) {
  if (!group.empty()) return "";
  for (std::string_view r : {"pods", "services", "configmaps", "secrets", "persistentvolumeclaims",
                             "replicationcontrollers", "resourcequotas"}) {
    if (r == resource) return r;
  }
  return "";
}

// Adds the requests and limits of each container of a pod spec.
void AddPodCompute(const JsonValue& spec, ResourceList* usage) {
  const JsonValue* containers = Member(spec, "containers");
  if (containers == nullptr || !containers->IsArray()) return;
  for (const JsonValue& c : containers->GetArray()) {
    for (const char* kind : {"requests", "limits"}) {
      const JsonValue* list = Path(c, std::string("resources.") + kind);
      if (list == nullptr || !list->IsObject()) continue;
      for (const auto& m : list->GetObject()) {
        if (!m.value.IsString()) continue;
        auto milli = ParseMilliQuantity(View(m.value));
        if (!milli) continue;
        std::string name(View(m.name));
        (*usage)[std::string(kind) + "." + name] += *milli;
        // The bare names (cpu, memory) are requests, as upstream counts them.
        if (std::string_view(kind) == "requests") (*usage)[name] += *milli;
      }
    }
  }
}

bool PodCounts(const JsonValue& pod) {
  std::string_view phase = StringAt(pod, "status.phase");
  return phase != "Succeeded" && phase != "Failed" &&
         Path(pod, "metadata.deletionTimestamp") == nullptr;
}

}  // namespace

ResourceList ObjectQuotaUsage(std::string_view group, std::string_view resource,
                              const JsonValue& object) {
  ResourceList usage;
  bool pod = group.empty() && resource == "pods";
  if (pod && !PodCounts(object)) return usage;
  std::string count = "count/" + std::string(resource);
  if (!group.empty()) count += "." + std::string(group);
  usage[count] = kOne;
  if (std::string_view bare = BareCountName(group, resource); !bare.empty()) {
    usage[std::string(bare)] = kOne;
  }
  if (pod) {
    if (const JsonValue* spec = Member(object, "spec"); spec != nullptr && spec->IsObject()) {
      AddPodCompute(*spec, &usage);
    }
  }
  if (group.empty() && resource == "services") {
    std::string_view type = StringAt(object, "spec.type");
    if (type == "LoadBalancer") usage["services.loadbalancers"] = kOne;
    if (type == "LoadBalancer" || type == "NodePort") usage["services.nodeports"] = kOne;
  }
  if (group.empty() && resource == "persistentvolumeclaims") {
    if (auto milli = ParseMilliQuantity(StringAt(object, "spec.resources.requests.storage"))) {
      usage["requests.storage"] = *milli;
    }
  }
  return usage;
}

ResourceList ParseResourceList(const JsonValue* list) {
  ResourceList out;
  if (list == nullptr || !list->IsObject()) return out;
  for (const auto& m : list->GetObject()) {
    std::optional<int64_t> milli;
    if (m.value.IsString()) milli = ParseMilliQuantity(View(m.value));
    if (m.value.IsInt64()) milli = m.value.GetInt64() * kOne;
    if (milli) out[std::string(View(m.name))] = *milli;
  }
  return out;
}

std::string FormatQuotaValue(std::string_view name, int64_t milli) {
  bool binary = name.find("memory") != std::string_view::npos ||
                name.find("storage") != std::string_view::npos;
  return FormatMilliQuantity(milli, binary);
}

std::string FormatResourceList(const ResourceList& list) {
  std::string out;
  for (const auto& [name, milli] : list) {
    if (!out.empty()) out += ",";
    out += name + "=" + FormatQuotaValue(name, milli);
  }
  return out;
}

JsonValue ResourceListJson(const ResourceList& list, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  for (const auto& [name, milli] : list) {
    out.AddMember(MakeString(name, a), MakeString(FormatQuotaValue(name, milli), a), a);
  }
  return out;
}

}  // namespace ekslite::api

#include <set>

#include "apiserver/admission/pod_plugins.h"
#include "apiserver/admission/stored_objects.h"
#include "core/api/quota_usage.h"

namespace ekslite::apiserver {
namespace {

// Compute resources a quota can demand that every container states.
std::set<std::string> MissingCompute(const api::ResourceList& hard, const JsonValue& pod) {
  std::set<std::string> missing;
  const JsonValue* containers = Path(pod, "spec.containers");
  if (containers == nullptr || !containers->IsArray()) return missing;
  for (const auto& [name, value] : hard) {
    (void)value;
    std::string kind = "requests", resource = name;
    if (name.rfind("requests.", 0) == 0) {
      resource = name.substr(9);
    } else if (name.rfind("limits.", 0) == 0) {
      kind = "limits";
      resource = name.substr(7);
    } else if (name != "cpu" && name != "memory") {
      continue;
    }
    if (resource != "cpu" && resource != "memory") continue;
    for (const JsonValue& c : containers->GetArray()) {
      if (Path(c, "resources." + kind + "." + resource) == nullptr) missing.insert(name);
    }
  }
  return missing;
}

// The usage of every other object of the resource in the namespace.
StatusOr<api::ResourceList> CurrentUsage(const Registry& registry, const ResourceInfo& info,
                                         const std::string& ns) {
  EKS_ASSIGN_OR_RETURN(std::vector<Json> objects,
                       ListStored(registry, info.group, info.version, info.resource, ns));
  api::ResourceList used;
  for (const Json& o : objects) {
    for (const auto& [name, milli] : api::ObjectQuotaUsage(info.group, info.resource, o)) {
      used[name] += milli;
    }
  }
  return used;
}

std::string JoinNames(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

AdmissionHold QuotaLocks::Lock(const std::string& ns) {
  std::mutex* mu = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = locks_[ns];
    if (slot == nullptr) slot = std::make_unique<std::mutex>();
    mu = slot.get();
  }
  return std::make_shared<std::unique_lock<std::mutex>>(*mu);
}

Status AdmitQuota(const Registry& registry, const ResourceInfo& info, const std::string& ns,
                  const JsonValue& object, QuotaLocks& locks, AdmissionHold* hold) {
  EKS_ASSIGN_OR_RETURN(std::vector<Json> quotas,
                       ListStored(registry, "", "v1", "resourcequotas", ns));
  if (quotas.empty()) return Status::Ok();
  // Counted under the namespace's lock, which the create keeps until its
  // object is in the cache the next count reads.
  *hold = locks.Lock(ns);
  api::ResourceList delta = api::ObjectQuotaUsage(info.group, info.resource, object);
  std::optional<api::ResourceList> used;  // read once, when a quota covers the object
  bool pod = info.group.empty() && info.resource == "pods";
  for (const Json& quota : quotas) {
    std::string name(StringAt(quota, "metadata.name"));
    api::ResourceList hard = api::ParseResourceList(Path(quota, "spec.hard"));
    if (pod) {
      std::set<std::string> missing = MissingCompute(hard, object);
      if (!missing.empty()) {
        return AdmissionForbidden(info, object,
                                  "failed quota: " + name + ": must specify " + JoinNames(missing));
      }
    }
    api::ResourceList requested, in_use, limited;
    for (const auto& [resource, amount] : delta) {
      auto limit = hard.find(resource);
      if (limit == hard.end()) continue;
      if (!used) {
        EKS_ASSIGN_OR_RETURN(api::ResourceList current, CurrentUsage(registry, info, ns));
        used = std::move(current);
      }
      int64_t now = used->count(resource) ? used->at(resource) : 0;
      if (now + amount <= limit->second) continue;
      requested[resource] = amount;
      in_use[resource] = now;
      limited[resource] = limit->second;
    }
    if (!requested.empty()) {
      return AdmissionForbidden(info, object,
                                "exceeded quota: " + name +
                                    ", requested: " + api::FormatResourceList(requested) +
                                    ", used: " + api::FormatResourceList(in_use) +
                                    ", limited: " + api::FormatResourceList(limited));
    }
  }
  return Status::Ok();
}

}  // namespace ekslite::apiserver

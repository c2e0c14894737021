#include "controllers/resourcequota/resourcequota_controller.h"

#include <map>
#include <set>

#include "controllers/common/pod_util.h"
#include "core/api/quota_usage.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

// The served version of the groups whose objects count/<resource>.<group>
// can name.
std::string_view VersionOfGroup(std::string_view group) {
  if (group == "autoscaling") return "v2";
  for (std::string_view g :
       {"", "apps", "batch", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
        "discovery.k8s.io", "storage.k8s.io", "coordination.k8s.io", "scheduling.k8s.io"}) {
    if (g == group) return "v1";
  }
  return "";
}

// The resource a quota entry is counted from.
std::optional<client::GroupVersionResource> ResourceOf(std::string_view name) {
  if (name.rfind("count/", 0) == 0) {
    std::string_view rest = name.substr(6);
    size_t dot = rest.find('.');
    std::string_view resource = rest.substr(0, dot);
    std::string_view group = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
    std::string_view version = VersionOfGroup(group);
    if (version.empty()) return std::nullopt;
    return client::GroupVersionResource{std::string(group), std::string(version),
                                        std::string(resource)};
  }
  if (name == "pods" || name == "cpu" || name == "memory" || name.rfind("requests.", 0) == 0 ||
      name.rfind("limits.", 0) == 0) {
    if (name == "requests.storage") return client::resources::kPersistentVolumeClaims;
    return client::resources::kPods;
  }
  if (name.rfind("services", 0) == 0) return client::resources::kServices;
  for (const auto* r :
       {&client::resources::kConfigMaps, &client::resources::kSecrets,
        &client::resources::kPersistentVolumeClaims, &client::resources::kReplicationControllers}) {
    if (name == r->resource) return *r;
  }
  if (name == "resourcequotas") return client::GroupVersionResource{"", "v1", "resourcequotas"};
  return std::nullopt;
}

}  // namespace

ResourceQuotaController::ResourceQuotaController(const client::DynamicClient& client,
                                                 client::InformerFactory& informers,
                                                 ResourceQuotaControllerOptions options)
    : QueueController(
          {.name = "resourcequota-controller", .workers = options.workers, .clock = options.clock}),
      client_(client),
      options_(options) {
  quotas_ = informers.ForResource(client::GroupVersionResource{"", "v1", "resourcequotas"});
  pods_ = informers.ForResource(client::resources::kPods);
  WatchInformer(quotas_, EnqueueHandlers());
  client::EventHandlers pods;
  pods.on_add = [this](const ObjectPtr& p) { EnqueueNamespace(*p); };
  pods.on_update = [this](const ObjectPtr& before, const ObjectPtr& after) {
    // Only changes that move the counts: phase and deletion.
    if (StringAt(*before, "status.phase") != StringAt(*after, "status.phase") ||
        IsBeingDeleted(*before) != IsBeingDeleted(*after)) {
      EnqueueNamespace(*after);
    }
  };
  pods.on_delete = [this](const ObjectPtr& p) { EnqueueNamespace(*p); };
  WatchInformer(pods_, std::move(pods));
}

ResourceQuotaController::~ResourceQuotaController() { Stop(); }

void ResourceQuotaController::EnqueueNamespace(const JsonValue& object) {
  auto quotas =
      quotas_->indexer().ByIndex(client::kNamespaceIndex, StringAt(object, "metadata.namespace"));
  if (!quotas.ok()) return;
  for (const ObjectPtr& quota : *quotas) Enqueue(*quota);
}

Status ResourceQuotaController::Sync(const std::string& key) {
  ObjectPtr quota = quotas_->indexer().Get(key);
  if (quota == nullptr) return Status::Ok();
  std::string ns(StringAt(*quota, "metadata.namespace"));
  api::ResourceList hard = api::ParseResourceList(Path(*quota, "spec.hard"));
  // List each resource the quota counts once.
  std::map<std::string, client::GroupVersionResource> sources;
  for (const auto& [name, value] : hard) {
    (void)value;
    if (auto r = ResourceOf(name)) sources.emplace(r->group + "/" + r->resource, *r);
  }
  api::ResourceList used;
  for (const auto& [name, value] : hard) {
    (void)value;
    used[name] = 0;
  }
  for (const auto& [id, resource] : sources) {
    (void)id;
    auto list = client_.Resource(resource, ns).ListAll();
    if (!list.ok()) {
      if (list.status().IsNotFound()) continue;
      return list.status();
    }
    for (const ObjectPtr& o : list->items) {
      for (const auto& [name, milli] :
           api::ObjectQuotaUsage(resource.group, resource.resource, *o)) {
        auto it = used.find(name);
        if (it != used.end()) it->second += milli;
      }
    }
  }
  Json updated = client::CopyObject(*quota);
  JsonAllocator& a = updated.GetAllocator();
  JsonValue& status = EnsureObject(updated, "status", a);
  const JsonValue* spec_hard = Path(*quota, "spec.hard");
  SetMember(status, "hard",
            spec_hard != nullptr ? JsonValue(*spec_hard, a) : JsonValue(rapidjson::kObjectType), a);
  SetMember(status, "used", api::ResourceListJson(used, a), a);
  const JsonValue* before = Member(*quota, "status");
  if (before == nullptr || ToJsonString(*before) != ToJsonString(status)) {
    auto written = client_.Resource(client::GroupVersionResource{"", "v1", "resourcequotas"}, ns)
                       .UpdateStatus(updated);
    if (!written.ok()) return written.status();
  }
  queue().AddAfter(key, options_.resync_period);
  return Status::Ok();
}

}  // namespace ekslite::controllers

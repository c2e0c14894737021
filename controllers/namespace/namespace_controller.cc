#include "controllers/namespace/namespace_controller.h"

#include <map>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/discovery.h"
#include "controllers/common/pod_util.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

struct ConditionSpec {
  const char* type;
  const char* ok_reason;
  const char* ok_message;
};
constexpr ConditionSpec kConditions[] = {
    {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"},
    {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
     "All legacy kube types successfully parsed"},
    {"NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
    {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"},
};

// The failures found in one pass, by condition type: reason and message.
using Failures = std::map<std::string, std::pair<std::string, std::string>>;

std::string JoinList(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string GroupResource(const client::GroupVersionResource& r) {
  return r.group.empty() ? r.resource : r.resource + "." + r.group;
}

bool HasSpecFinalizer(const JsonValue& ns) {
  const JsonValue* list = Path(ns, "spec.finalizers");
  if (list == nullptr || !list->IsArray()) return false;
  for (const JsonValue& f : list->GetArray()) {
    if (View(f) == "kubernetes") return true;
  }
  return false;
}

class NamespaceController final : public QueueController {
 public:
  NamespaceController(const client::DynamicClient& client, client::InformerFactory& informers,
                      NamespaceControllerOptions options)
      : QueueController({.name = "namespace-controller", .workers = options.workers, .clock = options.clock}),
        client_(client),
        options_(options) {
    namespaces_ = informers.ForResource(client::resources::kNamespaces);
    WatchInformer(namespaces_, EnqueueHandlers());
  }
  ~NamespaceController() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:
  // Deletes the content of `ns`; fills `failures` and returns true when
  // nothing is left.
  bool DeleteContent(const std::string& ns, const std::vector<DiscoveredResource>& resources,
                     Failures* failures);
  Status WriteConditions(const JsonValue& ns, const Failures& failures);
  Status Finalize(const JsonValue& ns);

  const client::DynamicClient& client_;
  const NamespaceControllerOptions options_;
  std::shared_ptr<client::SharedInformer> namespaces_;
};

bool NamespaceController::DeleteContent(const std::string& ns,
                                        const std::vector<DiscoveredResource>& resources,
                                        Failures* failures) {
  std::vector<std::string> delete_errors, remaining, finalizers;
  std::map<std::string, int> finalizer_counts;
  for (const DiscoveredResource& r : resources) {
    if (!r.namespaced || !r.Supports("list") || !r.Supports("delete")) continue;
    // Events are left to expire, as upstream does not wait for them.
    if (r.resource.resource == "events") continue;
    auto client = client_.Resource(r.resource, ns);
    auto list = client.List();
    if (!list.ok()) {
      delete_errors.push_back(GroupResource(r.resource) + ": " + list.status().message());
      continue;
    }
    if (list->items.empty()) continue;
    int left = 0;
    for (const ObjectPtr& item : list->items) {
      if (!IsBeingDeleted(*item)) {
        client::DeleteOptions options;
        options.propagation_policy = "Background";
        auto deleted = client.Delete(StringAt(*item, "metadata.name"), options);
        if (deleted.ok() && Member(*deleted, "metadata") != nullptr &&
            !IsBeingDeleted(*deleted)) {
          continue;  // gone now
        }
        if (!deleted.ok() && deleted.status().IsNotFound()) continue;
        if (!deleted.ok()) {
          delete_errors.push_back(GroupResource(r.resource) + ": " + deleted.status().message());
        }
      }
      ++left;
      if (const JsonValue* f = Path(*item, "metadata.finalizers"); f != nullptr && f->IsArray()) {
        for (const JsonValue& name : f->GetArray()) ++finalizer_counts[std::string(View(name))];
      }
    }
    if (left > 0) {
      remaining.push_back(GroupResource(r.resource) + " has " + std::to_string(left) +
                          " resource instances");
    }
  }
  for (const auto& [name, count] : finalizer_counts) {
    finalizers.push_back(name + " in " + std::to_string(count) + " resource instances");
  }
  if (!delete_errors.empty()) {
    (*failures)["NamespaceDeletionContentFailure"] = {
        "ContentDeletionFailed", "Failed to delete all resource types, " +
                                     std::to_string(delete_errors.size()) +
                                     " remaining: " + JoinList(delete_errors)};
  }
  if (!remaining.empty()) {
    (*failures)["NamespaceContentRemaining"] = {"SomeResourcesRemain",
                                                "Some resources are remaining: " + JoinList(remaining)};
  }
  if (!finalizers.empty()) {
    (*failures)["NamespaceFinalizersRemaining"] = {
        "SomeFinalizersRemain",
        "Some content in the namespace has finalizers remaining: " + JoinList(finalizers)};
  }
  return remaining.empty() && delete_errors.empty();
}

Status NamespaceController::WriteConditions(const JsonValue& ns, const Failures& failures) {
  Json updated = client::CopyObject(ns);
  JsonAllocator& a = updated.GetAllocator();
  JsonValue& status = EnsureObject(updated, "status", a);
  JsonValue conditions(rapidjson::kArrayType);
  const JsonValue* old = Member(status, "conditions");
  std::string now = FormatRfc3339(clock().Now());
  for (const ConditionSpec& spec : kConditions) {
    auto it = failures.find(spec.type);
    bool failed = it != failures.end();
    std::string_view cond_status = failed ? "True" : "False";
    std::string reason = failed ? it->second.first : spec.ok_reason;
    std::string message = failed ? it->second.second : spec.ok_message;
    JsonValue c(rapidjson::kObjectType);
    SetString(c, "type", spec.type, a);
    SetString(c, "status", cond_status, a);
    std::string transition = now;
    if (old != nullptr && old->IsArray()) {
      for (const JsonValue& o : old->GetArray()) {
        if (StringAt(o, "type") == spec.type && StringAt(o, "status") == cond_status &&
            StringAt(o, "reason") == reason && StringAt(o, "message") == message) {
          transition = std::string(StringAt(o, "lastTransitionTime"));
        }
      }
    }
    SetString(c, "lastTransitionTime", transition, a);
    SetString(c, "reason", reason, a);
    SetString(c, "message", message, a);
    conditions.PushBack(std::move(c), a);
  }
  if (old != nullptr && *old == conditions) return Status::Ok();
  SetMember(status, "conditions", std::move(conditions), a);
  auto written = client_.Resource(client::resources::kNamespaces).UpdateStatus(updated);
  if (!written.ok() && !written.status().IsNotFound()) return written.status();
  return Status::Ok();
}

Status NamespaceController::Finalize(const JsonValue& ns) {
  Json updated = client::CopyObject(ns);
  JsonAllocator& a = updated.GetAllocator();
  JsonValue list(rapidjson::kArrayType);
  for (const JsonValue& f : Path(ns, "spec.finalizers")->GetArray()) {
    if (View(f) != "kubernetes") list.PushBack(JsonValue(f, a), a);
  }
  SetMember(EnsureObject(updated, "spec", a), "finalizers", std::move(list), a);
  std::string name(StringAt(ns, "metadata.name"));
  log()->info("namespace {} is empty: removing its kubernetes finalizer", name);
  auto written = client_.Resource(client::resources::kNamespaces)
                     .UpdateSubresource(name, "finalize", updated);
  if (!written.ok() && !written.status().IsNotFound()) return written.status();
  return Status::Ok();
}

Status NamespaceController::Sync(const std::string& key) {
  ObjectPtr ns = namespaces_->indexer().Get(key);
  if (ns == nullptr || !IsBeingDeleted(*ns) || !HasSpecFinalizer(*ns)) return Status::Ok();
  Failures failures;
  auto resources = DiscoverResources(client_.transport());
  if (!resources.ok()) {
    failures["NamespaceDeletionDiscoveryFailure"] = {
        "DiscoveryFailed", "Discovery failed for some groups, 1 failing: " + resources.status().message()};
    EKS_RETURN_IF_ERROR(WriteConditions(*ns, failures));
    return resources.status();
  }
  bool empty = DeleteContent(key, *resources, &failures);
  EKS_RETURN_IF_ERROR(WriteConditions(*ns, failures));
  if (!empty) {
    queue().AddAfter(key, options_.recheck);
    return Status::Ok();
  }
  // Conditions were written: finalize the freshest copy.
  auto fresh = client_.Resource(client::resources::kNamespaces).Get(key);
  if (fresh.status().IsNotFound()) return Status::Ok();
  EKS_RETURN_IF_ERROR(fresh.status());
  return Finalize(*fresh);
}

}  // namespace

std::unique_ptr<Component> NewNamespaceController(const client::DynamicClient& client,
                                                  client::InformerFactory& informers,
                                                  NamespaceControllerOptions options) {
  return std::make_unique<NamespaceController>(client, informers, options);
}

}  // namespace ekslite::controllers

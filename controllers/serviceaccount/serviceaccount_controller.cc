#include "controllers/serviceaccount/serviceaccount_controller.h"

#include <string>

#include "controllers/common/controller_base.h"
#include "controllers/common/pod_util.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

constexpr std::string_view kDefaultServiceAccount = "default";
constexpr std::string_view kRootCaConfigMap = "kube-root-ca.crt";
constexpr std::string_view kRootCaDescription =
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters.";

// Queues the namespace of objects named `name` when they change or go.
client::EventHandlers NamespaceOf(QueueController* controller, std::string_view name) {
  auto enqueue = [controller, name](const ObjectPtr& o) {
    if (StringAt(*o, "metadata.name") == name) {
      controller->queue().Add(std::string(StringAt(*o, "metadata.namespace")));
    }
  };
  client::EventHandlers handlers;
  handlers.on_update = [enqueue](const ObjectPtr&, const ObjectPtr& o) { enqueue(o); };
  handlers.on_delete = enqueue;
  return handlers;
}

class ServiceAccountController final : public QueueController {
 public:
  ServiceAccountController(const client::DynamicClient& client, client::InformerFactory& informers,
                           ServiceAccountControllerOptions options)
      : QueueController({.name = "serviceaccount-controller", .workers = options.workers, .clock = options.clock}),
        client_(client) {
    namespaces_ = informers.ForResource(client::resources::kNamespaces);
    accounts_ = informers.ForResource(client::resources::kServiceAccounts);
    WatchInformer(namespaces_, EnqueueHandlers());
    WatchInformer(accounts_, NamespaceOf(this, kDefaultServiceAccount));
  }
  ~ServiceAccountController() override { Stop(); }

 protected:
  Status Sync(const std::string& ns) override {
    ObjectPtr object = namespaces_->indexer().Get(ns);
    if (object == nullptr || IsBeingDeleted(*object)) return Status::Ok();
    if (accounts_->indexer().Get(client::ObjectKey(ns, kDefaultServiceAccount)) != nullptr) {
      return Status::Ok();
    }
    Json account(rapidjson::kObjectType);
    JsonAllocator& a = account.GetAllocator();
    SetString(account, "apiVersion", "v1", a);
    SetString(account, "kind", "ServiceAccount", a);
    JsonValue& meta = EnsureObject(account, "metadata", a);
    SetString(meta, "name", kDefaultServiceAccount, a);
    SetString(meta, "namespace", ns, a);
    auto created = client_.Resource(client::resources::kServiceAccounts, ns).Create(account);
    if (created.ok()) log()->info("created the default service account in {}", ns);
    if (created.ok() || created.status().IsAlreadyExists()) return Status::Ok();
    // A namespace that began terminating meanwhile refuses new content.
    if (created.status().code() == Code::kForbidden) return Status::Ok();
    return created.status();
  }

 private:
  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> namespaces_;
  std::shared_ptr<client::SharedInformer> accounts_;
};

class RootCaPublisher final : public QueueController {
 public:
  RootCaPublisher(const client::DynamicClient& client, client::InformerFactory& informers,
                  RootCaPublisherOptions options)
      : QueueController({.name = "root-ca-cert-publisher", .workers = options.workers, .clock = options.clock}),
        client_(client),
        ca_pem_(std::move(options.ca_pem)) {
    namespaces_ = informers.ForResource(client::resources::kNamespaces);
    config_maps_ = informers.ForResource(client::resources::kConfigMaps);
    WatchInformer(namespaces_, EnqueueHandlers());
    WatchInformer(config_maps_, NamespaceOf(this, kRootCaConfigMap));
  }
  ~RootCaPublisher() override { Stop(); }

 protected:
  Status Sync(const std::string& ns) override;

 private:
  Json Desired(const std::string& ns) const;

  const client::DynamicClient& client_;
  const std::string ca_pem_;
  std::shared_ptr<client::SharedInformer> namespaces_;
  std::shared_ptr<client::SharedInformer> config_maps_;
};

Json RootCaPublisher::Desired(const std::string& ns) const {
  Json cm(rapidjson::kObjectType);
  JsonAllocator& a = cm.GetAllocator();
  SetString(cm, "apiVersion", "v1", a);
  SetString(cm, "kind", "ConfigMap", a);
  JsonValue& meta = EnsureObject(cm, "metadata", a);
  SetString(meta, "name", kRootCaConfigMap, a);
  SetString(meta, "namespace", ns, a);
  SetString(EnsureObject(meta, "annotations", a), "kubernetes.io/description", kRootCaDescription, a);
  SetString(EnsureObject(cm, "data", a), "ca.crt", ca_pem_, a);
  return cm;
}

Status RootCaPublisher::Sync(const std::string& ns) {
  ObjectPtr object = namespaces_->indexer().Get(ns);
  if (object == nullptr || IsBeingDeleted(*object)) return Status::Ok();
  auto config_maps = client_.Resource(client::resources::kConfigMaps, ns);
  ObjectPtr current = config_maps_->indexer().Get(client::ObjectKey(ns, kRootCaConfigMap));
  if (current == nullptr) {
    auto created = config_maps.Create(Desired(ns));
    if (created.ok()) log()->info("published {} in {}", kRootCaConfigMap, ns);
    if (created.ok() || created.status().IsAlreadyExists() ||
        created.status().code() == Code::kForbidden) {
      return Status::Ok();
    }
    return created.status();
  }
  const JsonValue* data = Member(*current, "data");
  bool same = data != nullptr && data->IsObject() && data->MemberCount() == 1 &&
              StringAt(*data, "ca.crt") == ca_pem_;
  if (same) return Status::Ok();
  Json updated = client::CopyObject(*current);
  JsonAllocator& a = updated.GetAllocator();
  JsonValue fresh(rapidjson::kObjectType);
  SetString(fresh, "ca.crt", ca_pem_, a);
  SetMember(updated, "data", std::move(fresh), a);
  RemoveMember(updated, "binaryData");
  auto written = config_maps.Update(updated);
  if (written.ok()) log()->info("restored {} in {}", kRootCaConfigMap, ns);
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

}  // namespace

std::unique_ptr<Component> NewServiceAccountController(const client::DynamicClient& client,
                                                       client::InformerFactory& informers,
                                                       ServiceAccountControllerOptions options) {
  return std::make_unique<ServiceAccountController>(client, informers, options);
}

std::unique_ptr<Component> NewRootCaPublisher(const client::DynamicClient& client,
                                              client::InformerFactory& informers,
                                              RootCaPublisherOptions options) {
  return std::make_unique<RootCaPublisher>(client, informers, std::move(options));
}

}  // namespace ekslite::controllers

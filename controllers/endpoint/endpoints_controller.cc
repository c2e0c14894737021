#include "controllers/endpoint/endpoints_controller.h"

#include <map>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/endpoint/service_pods.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

JsonValue PortsJson(const std::vector<EndpointPort>& ports, JsonAllocator& a) {
  JsonValue list(rapidjson::kArrayType);
  for (const EndpointPort& p : ports) {
    JsonValue port(rapidjson::kObjectType);
    if (!p.name.empty()) SetString(port, "name", p.name, a);
    SetInt(port, "port", p.port, a);
    SetString(port, "protocol", p.protocol, a);
    if (!p.app_protocol.empty()) SetString(port, "appProtocol", p.app_protocol, a);
    list.PushBack(std::move(port), a);
  }
  return list;
}

// spec.subsets for `endpoints`: one subset per distinct set of ports.
JsonValue Subsets(const std::vector<PodEndpoint>& endpoints, JsonAllocator& a) {
  struct Group {
    std::vector<EndpointPort> ports;
    JsonValue ready{rapidjson::kArrayType};
    JsonValue not_ready{rapidjson::kArrayType};
  };
  std::vector<Group> groups;
  for (const PodEndpoint& e : endpoints) {
    auto it = std::find_if(groups.begin(), groups.end(), [&e](const Group& g) { return g.ports == e.ports; });
    if (it == groups.end()) {
      groups.push_back(Group{e.ports});
      it = groups.end() - 1;
    }
    JsonValue address(rapidjson::kObjectType);
    SetString(address, "ip", e.ip, a);
    std::string_view node = StringAt(*e.pod, "spec.nodeName");
    if (!node.empty()) SetString(address, "nodeName", node, a);
    SetMember(address, "targetRef", PodReference(*e.pod, a), a);
    (e.ready ? it->ready : it->not_ready).PushBack(std::move(address), a);
  }
  JsonValue subsets(rapidjson::kArrayType);
  for (Group& g : groups) {
    JsonValue subset(rapidjson::kObjectType);
    if (!g.ready.Empty()) SetMember(subset, "addresses", std::move(g.ready), a);
    if (!g.not_ready.Empty()) SetMember(subset, "notReadyAddresses", std::move(g.not_ready), a);
    if (!g.ports.empty()) SetMember(subset, "ports", PortsJson(g.ports, a), a);
    subsets.PushBack(std::move(subset), a);
  }
  return subsets;
}

class EndpointsController final : public QueueController {
 public:
  EndpointsController(const client::DynamicClient& client, client::InformerFactory& informers,
                      EndpointsControllerOptions options)
      : QueueController({.name = "endpoints-controller", .workers = options.workers, .clock = options.clock}),
        client_(client) {
    services_ = informers.ForResource(client::resources::kServices);
    pods_ = informers.ForResource(client::resources::kPods);
    endpoints_ = informers.ForResource(client::resources::kEndpoints);
    WatchInformer(services_, EnqueueHandlers());
    WatchInformer(pods_, ServicePodHandlers(services_->indexer(),
                                            [this](const std::string& key) { queue().Add(key); }));
    client::EventHandlers endpoint_handlers;
    // Someone changed or removed Endpoints of a service we manage: restore.
    auto restore = [this](const ObjectPtr& e) {
      if (services_->indexer().Get(client::ObjectKey(*e)) != nullptr) Enqueue(*e);
    };
    endpoint_handlers.on_update = [restore](const ObjectPtr&, const ObjectPtr& e) { restore(e); };
    endpoint_handlers.on_delete = restore;
    WatchInformer(endpoints_, std::move(endpoint_handlers));
  }
  ~EndpointsController() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:

  const client::DynamicClient& client_;
  std::shared_ptr<client::SharedInformer> services_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::shared_ptr<client::SharedInformer> endpoints_;
};

Status EndpointsController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitObjectKey(key);
  auto client = client_.Resource(client::resources::kEndpoints, std::string(ns));
  ObjectPtr service = services_->indexer().Get(key);
  ObjectPtr current = endpoints_->indexer().Get(key);
  if (service == nullptr) {
    // Endpoints of a deleted service go with it (if they were ours: they
    // carry no selector-less marker, so only when the service had one).
    if (current == nullptr) return Status::Ok();
    auto deleted = client.Delete(name);
    return deleted.ok() || deleted.status().IsNotFound() ? Status::Ok() : deleted.status();
  }
  if (!HasSelector(*service)) return Status::Ok();
  Json desired(rapidjson::kObjectType);
  JsonAllocator& a = desired.GetAllocator();
  SetString(desired, "apiVersion", "v1", a);
  SetString(desired, "kind", "Endpoints", a);
  JsonValue& meta = EnsureObject(desired, "metadata", a);
  SetString(meta, "name", name, a);
  SetString(meta, "namespace", ns, a);
  JsonValue labels(rapidjson::kObjectType);
  if (const JsonValue* l = Path(*service, "metadata.labels"); l != nullptr && l->IsObject()) labels.CopyFrom(*l, a);
  if (StringAt(*service, "spec.clusterIP") == "None") SetString(labels, "service.kubernetes.io/headless", "", a);
  JsonValue subsets = Subsets(ServiceEndpoints(*service, pods_->indexer(), false), a);
  if (current == nullptr) {
    if (!labels.ObjectEmpty()) SetMember(meta, "labels", std::move(labels), a);
    if (!subsets.Empty()) SetMember(desired, "subsets", std::move(subsets), a);
    auto created = client.Create(desired);
    // AlreadyExists: our cache has not seen the Endpoints yet; retrying (the
    // queue backs off) updates them once it has, instead of dropping this
    // sync's addresses.
    if (created.ok()) return Status::Ok();
    if (created.status().code() == Code::kForbidden) return Status::Ok();  // namespace terminating
    return created.status();
  }
  const JsonValue* current_subsets = Member(*current, "subsets");
  const JsonValue* current_labels = Path(*current, "metadata.labels");
  JsonValue empty_array(rapidjson::kArrayType), empty_object(rapidjson::kObjectType);
  bool same_subsets = (current_subsets ? *current_subsets : empty_array) == subsets;
  bool same_labels = (current_labels ? *current_labels : empty_object) == labels;
  if (same_subsets && same_labels) return Status::Ok();
  Json updated = client::CopyObject(*current);
  JsonAllocator& ua = updated.GetAllocator();
  SetMember(updated["metadata"], "labels", JsonValue(labels, ua), ua);
  SetMember(updated, "subsets", JsonValue(subsets, ua), ua);
  auto written = client.Update(updated);
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

}  // namespace

std::unique_ptr<Component> NewEndpointsController(const client::DynamicClient& client,
                                                  client::InformerFactory& informers,
                                                  EndpointsControllerOptions options) {
  return std::make_unique<EndpointsController>(client, informers, options);
}

}  // namespace ekslite::controllers

#include "controllers/endpointslice/endpointslice_controller.h"

#include <algorithm>
#include <string>
#include <vector>

#include "controllers/common/controller_base.h"
#include "controllers/common/controller_ref.h"
#include "controllers/endpoint/service_pods.h"
#include "core/client/resource.h"

namespace ekslite::controllers {
namespace {

using client::ObjectPtr;

constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
constexpr const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";

// The value of label `key` ("" when absent); keys hold dots, so no paths.
std::string_view LabelValue(const JsonValue& object, std::string_view key) {
  const JsonValue* labels = Path(object, "metadata.labels");
  const JsonValue* v = labels == nullptr ? nullptr : Member(*labels, key);
  return v == nullptr ? std::string_view() : View(*v);
}

bool ManagedSliceOf(const JsonValue& slice, std::string_view service) {
  if (LabelValue(slice, kManagedByLabel) != kEndpointSliceManagedBy) return false;
  return service.empty() || LabelValue(slice, kServiceNameLabel) == service;
}

// The content of one desired slice.
struct SliceContent {
  std::string address_type;
  std::vector<EndpointPort> ports;
  std::vector<const PodEndpoint*> endpoints;
};

JsonValue EndpointJson(const PodEndpoint& e, JsonAllocator& a) {
  JsonValue endpoint(rapidjson::kObjectType);
  JsonValue addresses(rapidjson::kArrayType);
  addresses.PushBack(MakeString(e.ip, a), a);
  SetMember(endpoint, "addresses", std::move(addresses), a);
  JsonValue conditions(rapidjson::kObjectType);
  SetMember(conditions, "ready", JsonValue(e.ready), a);
  SetMember(conditions, "serving", JsonValue(e.serving), a);
  SetMember(conditions, "terminating", JsonValue(e.terminating), a);
  SetMember(endpoint, "conditions", std::move(conditions), a);
  std::string_view node = StringAt(*e.pod, "spec.nodeName");
  if (!node.empty()) SetString(endpoint, "nodeName", node, a);
  SetMember(endpoint, "targetRef", PodReference(*e.pod, a), a);
  return endpoint;
}

JsonValue PortsJson(const std::vector<EndpointPort>& ports, JsonAllocator& a) {
  JsonValue list(rapidjson::kArrayType);
  for (const EndpointPort& p : ports) {
    JsonValue port(rapidjson::kObjectType);
    SetString(port, "name", p.name, a);
    SetInt(port, "port", p.port, a);
    SetString(port, "protocol", p.protocol, a);
    if (!p.app_protocol.empty()) SetString(port, "appProtocol", p.app_protocol, a);
    list.PushBack(std::move(port), a);
  }
  return list;
}

class EndpointSliceController final : public QueueController {
 public:
  EndpointSliceController(const client::DynamicClient& client, client::InformerFactory& informers,
                          EndpointSliceControllerOptions options)
      : QueueController({.name = "endpointslice-controller", .workers = options.workers, .clock = options.clock}),
        client_(client),
        options_(options) {
    services_ = informers.ForResource(client::resources::kServices);
    pods_ = informers.ForResource(client::resources::kPods);
    slices_ = informers.ForResource(client::resources::kEndpointSlices);
    WatchInformer(services_, EnqueueHandlers());
    WatchInformer(pods_, ServicePodHandlers(services_->indexer(),
                                            [this](const std::string& key) { queue().Add(key); }));
    auto restore = [this](const ObjectPtr& slice) {
      if (!ManagedSliceOf(*slice, "")) return;
      queue().Add(client::ObjectKey(StringAt(*slice, "metadata.namespace"),
                                    LabelValue(*slice, kServiceNameLabel)));
    };
    client::EventHandlers slice_handlers;
    slice_handlers.on_update = [restore](const ObjectPtr&, const ObjectPtr& s) { restore(s); };
    slice_handlers.on_delete = restore;
    WatchInformer(slices_, std::move(slice_handlers));
  }
  ~EndpointSliceController() override { Stop(); }

 protected:
  Status Sync(const std::string& key) override;

 private:
  std::vector<SliceContent> DesiredSlices(const std::vector<PodEndpoint>& endpoints) const;
  Json SliceJson(const JsonValue& service, const SliceContent& content) const;

  const client::DynamicClient& client_;
  const EndpointSliceControllerOptions options_;
  std::shared_ptr<client::SharedInformer> services_;
  std::shared_ptr<client::SharedInformer> pods_;
  std::shared_ptr<client::SharedInformer> slices_;
};

std::vector<SliceContent> EndpointSliceController::DesiredSlices(
    const std::vector<PodEndpoint>& endpoints) const {
  std::vector<SliceContent> slices;
  for (const PodEndpoint& e : endpoints) {
    std::string type = e.ip.find(':') == std::string::npos ? "IPv4" : "IPv6";
    auto it = std::find_if(slices.begin(), slices.end(), [&](const SliceContent& s) {
      return s.address_type == type && s.ports == e.ports &&
             static_cast<int>(s.endpoints.size()) < options_.max_endpoints_per_slice;
    });
    if (it == slices.end()) {
      slices.push_back({type, e.ports, {}});
      it = slices.end() - 1;
    }
    it->endpoints.push_back(&e);
  }
  if (slices.empty()) slices.push_back({"IPv4", {}, {}});  // the placeholder
  return slices;
}

Json EndpointSliceController::SliceJson(const JsonValue& service, const SliceContent& content) const {
  Json slice(rapidjson::kObjectType);
  JsonAllocator& a = slice.GetAllocator();
  SetString(slice, "apiVersion", "discovery.k8s.io/v1", a);
  SetString(slice, "kind", "EndpointSlice", a);
  JsonValue& meta = EnsureObject(slice, "metadata", a);
  std::string name(StringAt(service, "metadata.name"));
  SetString(meta, "generateName", name + "-", a);
  SetString(meta, "namespace", StringAt(service, "metadata.namespace"), a);
  JsonValue& labels = EnsureObject(meta, "labels", a);
  if (const JsonValue* l = Path(service, "metadata.labels"); l != nullptr && l->IsObject()) {
    for (const auto& m : l->GetObject()) SetMember(labels, View(m.name), JsonValue(m.value, a), a);
  }
  SetString(labels, kServiceNameLabel, name, a);
  SetString(labels, kManagedByLabel, kEndpointSliceManagedBy, a);
  Json ref = MakeControllerRef(service, "v1", "Service");
  AddOwnerRef(slice, ref, a);
  SetString(slice, "addressType", content.address_type, a);
  JsonValue endpoints(rapidjson::kArrayType);
  for (const PodEndpoint* e : content.endpoints) endpoints.PushBack(EndpointJson(*e, a), a);
  SetMember(slice, "endpoints", std::move(endpoints), a);
  SetMember(slice, "ports", PortsJson(content.ports, a), a);
  return slice;
}

// True when `current` already has what `desired` asks for.
bool SameSlice(const JsonValue& current, const JsonValue& desired) {
  JsonValue empty(rapidjson::kArrayType);
  for (const char* field : {"endpoints", "ports"}) {
    const JsonValue* a = Member(current, field);
    const JsonValue* b = Member(desired, field);
    if ((a ? *a : empty) != (b ? *b : empty)) return false;
  }
  return StringAt(current, "addressType") == StringAt(desired, "addressType") &&
         *Path(current, "metadata.labels") == *Path(desired, "metadata.labels");
}

Status EndpointSliceController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitObjectKey(key);
  auto client = client_.Resource(client::resources::kEndpointSlices, std::string(ns));
  ObjectPtr service = services_->indexer().Get(key);
  std::vector<ObjectPtr> existing;
  if (auto all = slices_->indexer().ByIndex(client::kNamespaceIndex, ns); all.ok()) {
    for (ObjectPtr& s : *all) {
      if (ManagedSliceOf(*s, name)) existing.push_back(std::move(s));
    }
  }
  std::sort(existing.begin(), existing.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
    return StringAt(*a, "metadata.name") < StringAt(*b, "metadata.name");
  });
  std::vector<Json> desired;
  std::vector<PodEndpoint> endpoints;
  if (service != nullptr && HasSelector(*service)) {
    endpoints = ServiceEndpoints(*service, pods_->indexer(), true);
    for (const SliceContent& content : DesiredSlices(endpoints)) desired.push_back(SliceJson(*service, content));
  }
  size_t i = 0;
  for (; i < desired.size() && i < existing.size(); ++i) {
    const JsonValue& current = *existing[i];
    if (SameSlice(current, desired[i])) continue;
    if (StringAt(current, "addressType") != StringAt(desired[i], "addressType")) {
      auto deleted = client.Delete(StringAt(current, "metadata.name"));
      if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
      auto created = client.Create(desired[i]);
      if (!created.ok()) return created.status();
      continue;
    }
    Json updated = client::CopyObject(current);
    JsonAllocator& a = updated.GetAllocator();
    for (const char* field : {"endpoints", "ports"}) {
      SetMember(updated, field, JsonValue(desired[i][field], a), a);
    }
    SetMember(updated["metadata"], "labels", JsonValue(*Path(desired[i], "metadata.labels"), a), a);
    auto written = client.Update(updated);
    if (!written.ok() && !written.status().IsNotFound()) return written.status();
  }
  for (size_t j = i; j < desired.size(); ++j) {
    auto created = client.Create(desired[j]);
    if (!created.ok()) {
      if (created.status().code() == Code::kForbidden) return Status::Ok();  // namespace terminating
      return created.status();
    }
  }
  for (size_t j = i; j < existing.size(); ++j) {
    auto deleted = client.Delete(StringAt(*existing[j], "metadata.name"));
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Component> NewEndpointSliceController(const client::DynamicClient& client,
                                                      client::InformerFactory& informers,
                                                      EndpointSliceControllerOptions options) {
  return std::make_unique<EndpointSliceController>(client, informers, options);
}

}  // namespace ekslite::controllers

#include "controllers/endpoint/service_pods.h"

#include <algorithm>
#include <map>

#include "controllers/common/pod_util.h"
#include "core/api/label_selector.h"

namespace ekslite::controllers {
namespace {

std::optional<api::LabelSelector> SelectorOf(const JsonValue& service) {
  const JsonValue* selector = Path(service, "spec.selector");
  if (selector == nullptr || !selector->IsObject() || selector->MemberCount() == 0) return std::nullopt;
  std::map<std::string, std::string> labels;
  for (const auto& m : selector->GetObject()) labels[std::string(View(m.name))] = std::string(View(m.value));
  return api::SelectorFromSet(labels);
}

}  // namespace

bool HasSelector(const JsonValue& service) { return SelectorOf(service).has_value(); }

std::optional<int64_t> ResolveTargetPort(const JsonValue& service_port, const JsonValue& pod) {
  const JsonValue* target = Member(service_port, "targetPort");
  if (target == nullptr) return IntAt(service_port, "port");
  if (target->IsInt64()) return target->GetInt64();
  std::string_view name = View(*target);
  if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) return std::stoll(std::string(name));
  std::string_view protocol = StringAt(service_port, "protocol", "TCP");
  for (const char* list : {"spec.containers", "spec.initContainers"}) {
    const JsonValue* containers = Path(pod, list);
    if (containers == nullptr || !containers->IsArray()) continue;
    for (const JsonValue& c : containers->GetArray()) {
      const JsonValue* ports = Member(c, "ports");
      if (ports == nullptr || !ports->IsArray()) continue;
      for (const JsonValue& p : ports->GetArray()) {
        if (StringAt(p, "name") == name && StringAt(p, "protocol", "TCP") == protocol) {
          return IntAt(p, "containerPort");
        }
      }
    }
  }
  return std::nullopt;
}

std::vector<PodEndpoint> ServiceEndpoints(const JsonValue& service, const client::Indexer& pods,
                                          bool include_terminating) {
  std::vector<PodEndpoint> out;
  std::optional<api::LabelSelector> selector = SelectorOf(service);
  if (!selector.has_value()) return out;
  auto candidates = pods.ByIndex(client::kNamespaceIndex, StringAt(service, "metadata.namespace"));
  if (!candidates.ok()) return out;
  const JsonValue* publish = Path(service, "spec.publishNotReadyAddresses");
  bool publish_not_ready = publish != nullptr && publish->IsBool() && publish->GetBool();
  const JsonValue* service_ports = Path(service, "spec.ports");
  for (const client::ObjectPtr& pod : *candidates) {
    if (!selector->MatchesObject(*pod)) continue;
    std::string_view phase = StringAt(*pod, "status.phase");
    std::string_view ip = StringAt(*pod, "status.podIP");
    if (ip.empty() || phase == "Succeeded" || phase == "Failed") continue;
    PodEndpoint e;
    e.pod = pod;
    e.ip = std::string(ip);
    e.terminating = IsBeingDeleted(*pod);
    if (e.terminating && !include_terminating) continue;
    e.serving = IsPodReady(*pod) || publish_not_ready;
    e.ready = e.serving && !e.terminating;
    if (service_ports != nullptr && service_ports->IsArray()) {
      for (const JsonValue& sp : service_ports->GetArray()) {
        std::optional<int64_t> port = ResolveTargetPort(sp, *pod);
        if (!port.has_value()) continue;
        EndpointPort p;
        p.name = std::string(StringAt(sp, "name"));
        p.port = *port;
        p.protocol = std::string(StringAt(sp, "protocol", "TCP"));
        p.app_protocol = std::string(StringAt(sp, "appProtocol"));
        e.ports.push_back(std::move(p));
      }
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const PodEndpoint& a, const PodEndpoint& b) {
    return a.ip != b.ip ? a.ip < b.ip : StringAt(*a.pod, "metadata.name") < StringAt(*b.pod, "metadata.name");
  });
  return out;
}

std::vector<std::string> ServicesForPod(const JsonValue& pod, const client::Indexer& services) {
  std::vector<std::string> keys;
  auto candidates = services.ByIndex(client::kNamespaceIndex, StringAt(pod, "metadata.namespace"));
  if (!candidates.ok()) return keys;
  for (const client::ObjectPtr& service : *candidates) {
    std::optional<api::LabelSelector> selector = SelectorOf(*service);
    if (selector.has_value() && selector->MatchesObject(pod)) keys.push_back(client::ObjectKey(*service));
  }
  return keys;
}

client::EventHandlers ServicePodHandlers(const client::Indexer& services,
                                         std::function<void(const std::string& key)> enqueue) {
  auto services_of = [&services, enqueue](const JsonValue& pod) {
    for (const std::string& key : ServicesForPod(pod, services)) enqueue(key);
  };
  client::EventHandlers handlers;
  handlers.on_add = [services_of](const client::ObjectPtr& pod) { services_of(*pod); };
  handlers.on_update = [services_of](const client::ObjectPtr& old_pod, const client::ObjectPtr& pod) {
    if (StringAt(*old_pod, "metadata.resourceVersion") == StringAt(*pod, "metadata.resourceVersion")) {
      return;
    }
    services_of(*old_pod);
    services_of(*pod);
  };
  handlers.on_delete = [services_of](const client::ObjectPtr& pod) { services_of(*pod); };
  return handlers;
}

JsonValue PodReference(const JsonValue& pod, JsonAllocator& a) {
  JsonValue ref(rapidjson::kObjectType);
  SetString(ref, "kind", "Pod", a);
  SetString(ref, "namespace", StringAt(pod, "metadata.namespace"), a);
  SetString(ref, "name", StringAt(pod, "metadata.name"), a);
  SetString(ref, "uid", StringAt(pod, "metadata.uid"), a);
  return ref;
}

}  // namespace ekslite::controllers

#include "kubelet/node_object.h"

#include <functional>

namespace ekslite::kubelet {
namespace {

JsonValue Str(std::string_view s, JsonAllocator& a) { return MakeString(s, a); }

JsonValue Condition(std::string_view type, std::string_view status, std::string_view reason,
                    std::string_view message, Clock::time_point heartbeat, Clock::time_point since,
                    JsonAllocator& a) {
  JsonValue c(rapidjson::kObjectType);
  c.AddMember("type", Str(type, a), a);
  c.AddMember("status", Str(status, a), a);
  c.AddMember("lastHeartbeatTime", Str(FormatRfc3339(heartbeat), a), a);
  c.AddMember("lastTransitionTime", Str(FormatRfc3339(since), a), a);
  c.AddMember("reason", Str(reason, a), a);
  c.AddMember("message", Str(message, a), a);
  return c;
}

JsonValue Resources(const NodeTemplate& t, JsonAllocator& a) {
  JsonValue r(rapidjson::kObjectType);
  r.AddMember("cpu", Str(t.cpu, a), a);
  r.AddMember("ephemeral-storage", Str(t.ephemeral_storage, a), a);
  r.AddMember("memory", Str(t.memory, a), a);
  r.AddMember("pods", Str(std::to_string(t.pods), a), a);
  return r;
}

// A stable id of the node's name, shaped as machine ids are.
std::string MachineId(std::string_view name, uint64_t salt) {
  uint64_t h = std::hash<std::string_view>{}(name) ^ salt;
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(h),
                static_cast<unsigned long long>(h * 0x9e3779b97f4a7c15ULL));
  return buf;
}

JsonValue NodeInfo(const NodeTemplate& t, const NodeIdentity& id, JsonAllocator& a) {
  JsonValue info(rapidjson::kObjectType);
  std::string machine = MachineId(id.name, 0);
  info.AddMember("machineID", Str(machine, a), a);
  std::string uuid = MachineId(id.name, 1);
  uuid = uuid.substr(0, 8) + "-" + uuid.substr(8, 4) + "-" + uuid.substr(12, 4) + "-" +
         uuid.substr(16, 4) + "-" + uuid.substr(20, 12);
  info.AddMember("systemUUID", Str(uuid, a), a);
  info.AddMember("bootID", Str(uuid, a), a);
  info.AddMember("kernelVersion", Str(t.kernel_version, a), a);
  info.AddMember("osImage", Str(t.os_image, a), a);
  info.AddMember("containerRuntimeVersion", Str(t.container_runtime_version, a), a);
  info.AddMember("kubeletVersion", Str(t.kubelet_version, a), a);
  info.AddMember("kubeProxyVersion", Str(t.kubelet_version, a), a);
  info.AddMember("operatingSystem", Str("linux", a), a);
  info.AddMember("architecture", Str("amd64", a), a);
  return info;
}

}  // namespace

JsonValue BuildNodeStatus(const NodeTemplate& tmpl, const NodeIdentity& id, Clock::time_point now,
                          Clock::time_point ready_since, JsonAllocator& a) {
  JsonValue status(rapidjson::kObjectType);
  status.AddMember("capacity", Resources(tmpl, a), a);
  status.AddMember("allocatable", Resources(tmpl, a), a);
  JsonValue conditions(rapidjson::kArrayType);
  conditions.PushBack(Condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                "kubelet has sufficient memory available", now, ready_since, a),
                      a);
  conditions.PushBack(Condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                                "kubelet has no disk pressure", now, ready_since, a),
                      a);
  conditions.PushBack(Condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                "kubelet has sufficient PID available", now, ready_since, a),
                      a);
  conditions.PushBack(Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status",
                                now, ready_since, a),
                      a);
  status.AddMember("conditions", conditions, a);
  JsonValue addresses(rapidjson::kArrayType);
  for (auto [type, address] :
       {std::pair<std::string_view, std::string_view>{"InternalIP", id.internal_ip},
        {"Hostname", id.name}}) {
    JsonValue entry(rapidjson::kObjectType);
    entry.AddMember("type", Str(type, a), a);
    entry.AddMember("address", Str(address, a), a);
    addresses.PushBack(entry, a);
  }
  status.AddMember("addresses", addresses, a);
  JsonValue endpoint(rapidjson::kObjectType);
  endpoint.AddMember("Port", 10250, a);
  JsonValue endpoints(rapidjson::kObjectType);
  endpoints.AddMember("kubeletEndpoint", endpoint, a);
  status.AddMember("daemonEndpoints", endpoints, a);
  status.AddMember("nodeInfo", NodeInfo(tmpl, id, a), a);
  return status;
}

Json BuildNode(const NodeTemplate& tmpl, const NodeIdentity& id, Clock::time_point now) {
  Json node(rapidjson::kObjectType);
  JsonAllocator& a = node.GetAllocator();
  node.AddMember("apiVersion", "v1", a);
  node.AddMember("kind", "Node", a);
  JsonValue metadata(rapidjson::kObjectType);
  metadata.AddMember("name", Str(id.name, a), a);
  JsonValue labels(rapidjson::kObjectType);
  labels.AddMember("beta.kubernetes.io/arch", "amd64", a);
  labels.AddMember("beta.kubernetes.io/os", "linux", a);
  labels.AddMember("kubernetes.io/arch", "amd64", a);
  labels.AddMember("kubernetes.io/hostname", Str(id.name, a), a);
  labels.AddMember("kubernetes.io/os", "linux", a);
  if (!tmpl.instance_type.empty()) {
    labels.AddMember("node.kubernetes.io/instance-type", Str(tmpl.instance_type, a), a);
  }
  metadata.AddMember("labels", labels, a);
  JsonValue annotations(rapidjson::kObjectType);
  annotations.AddMember("node.alpha.kubernetes.io/ttl", "0", a);
  annotations.AddMember("sim.ekslite.io/node", "true", a);
  metadata.AddMember("annotations", annotations, a);
  node.AddMember("metadata", metadata, a);
  JsonValue spec(rapidjson::kObjectType);
  if (!id.pod_cidr.empty()) {
    spec.AddMember("podCIDR", Str(id.pod_cidr, a), a);
    JsonValue cidrs(rapidjson::kArrayType);
    cidrs.PushBack(Str(id.pod_cidr, a), a);
    spec.AddMember("podCIDRs", cidrs, a);
  }
  spec.AddMember("providerID", Str("ekslite-sim://" + id.name, a), a);
  node.AddMember("spec", spec, a);
  node.AddMember("status", BuildNodeStatus(tmpl, id, now, now, a), a);
  return node;
}

bool NodeIsReady(const JsonValue& node) {
  const JsonValue* conditions = Path(node, "status.conditions");
  if (conditions == nullptr || !conditions->IsArray()) return false;
  for (const JsonValue& c : conditions->GetArray()) {
    if (StringAt(c, "type") == "Ready") return StringAt(c, "status") == "True";
  }
  return false;
}

}  // namespace ekslite::kubelet

#include "apiserver/registry/cluster_ip_allocator.h"
#include "apiserver/resources/service_node_ports.h"
#include "apiserver/resources/service_validation.h"
#include "apiserver/resources/strategies.h"
#include "core/api/field_errors.h"

namespace ekslite::apiserver {
namespace {

void DefaultString(JsonValue& obj, std::string_view name, std::string_view value,
                   JsonAllocator& a) {
  if (StringAt(obj, name).empty()) SetString(obj, name, value, a);
}

JsonValue StringArray(std::string_view one, JsonAllocator& a) {
  JsonValue arr(rapidjson::kArrayType);
  arr.PushBack(MakeString(one, a), a);
  return arr;
}

void DefaultPorts(JsonValue& spec, JsonAllocator& a) {
  JsonValue* ports = Member(spec, "ports");
  if (ports == nullptr || !ports->IsArray()) return;
  for (JsonValue& p : ports->GetArray()) {
    if (!p.IsObject()) continue;
    DefaultString(p, "protocol", "TCP", a);
    if (Member(p, "targetPort") == nullptr && Member(p, "port") != nullptr) {
      SetMember(p, "targetPort", JsonValue(IntAt(p, "port").value_or(0)), a);
    }
  }
}

api::FieldPath ClusterIpsPath() { return api::FieldPath("spec").Child("clusterIPs").Index(0); }

Status Invalid(const JsonValue& svc, api::FieldError error) {
  api::ErrorList errors;
  errors.Add(std::move(error));
  return api::ToInvalidStatus("Service", "", StringAt(svc, "metadata.name"), errors);
}

// Gives a new Service its cluster IP: a free one, the one asked for, or none
// ("None": headless; ExternalName services have none).
Status AssignClusterIp(Json& svc, JsonValue& spec, ClusterIpAllocator* ips) {
  JsonAllocator& a = svc.GetAllocator();
  std::string_view type = StringAt(spec, "type");
  if (type == "ExternalName") return Status::Ok();
  std::string ip(StringAt(spec, "clusterIP"));
  if (ip.empty()) {
    if (const JsonValue* ipsv = Member(spec, "clusterIPs");
        ipsv && ipsv->IsArray() && !ipsv->Empty()) {
      ip = View((*ipsv)[0]);
    }
  }
  if (ip.empty() && ips != nullptr) {
    auto allocated = ips->Allocate();
    if (!allocated.ok()) {
      return Invalid(svc, api::InternalError(ClusterIpsPath(), "failed to allocate a serviceIP: " +
                                                                   allocated.status().message()));
    }
    ip = *allocated;
  } else if (ip != "None" && ips != nullptr) {
    Status claimed = ips->Claim(ip);
    if (!claimed.ok()) {
      return Invalid(
          svc, api::Invalid(ClusterIpsPath(), api::BadValue::StringSlice({ip}), claimed.message()));
    }
  }
  SetString(spec, "clusterIP", ip, a);
  SetMember(spec, "clusterIPs", StringArray(ip, a), a);
  return Status::Ok();
}

void DefaultSpec(JsonValue& spec, JsonAllocator& a) {
  DefaultString(spec, "type", "ClusterIP", a);
  std::string type(StringAt(spec, "type"));
  DefaultString(spec, "sessionAffinity", "None", a);
  DefaultPorts(spec, a);
  if (type == "ExternalName") return;
  if (Member(spec, "ipFamilies") == nullptr)
    SetMember(spec, "ipFamilies", StringArray("IPv4", a), a);
  DefaultString(spec, "ipFamilyPolicy", "SingleStack", a);
  DefaultString(spec, "internalTrafficPolicy", "Cluster", a);
  if (HasNodePorts(type)) DefaultString(spec, "externalTrafficPolicy", "Cluster", a);
  if (type == "LoadBalancer" && Member(spec, "allocateLoadBalancerNodePorts") == nullptr) {
    SetMember(spec, "allocateLoadBalancerNodePorts", JsonValue(true), a);
  }
}

}  // namespace

Strategy ServiceStrategy(ClusterIpAllocator* ips, NodePortAllocator* node_ports) {
  Strategy s;
  s.prepare_for_create = [ips, node_ports](Json& svc, const WriteContext&) -> Status {
    JsonAllocator& a = svc.GetAllocator();
    JsonValue& spec = EnsureObject(svc, "spec", a);
    DefaultSpec(spec, a);
    EKS_RETURN_IF_ERROR(
        AssignNodePorts(spec, nullptr, node_ports, StringAt(svc, "metadata.name"), a));
    EKS_RETURN_IF_ERROR(AssignClusterIp(svc, spec, ips));
    RemoveMember(svc, "status");
    EnsureObject(EnsureObject(svc, "status", a), "loadBalancer", a);
    return Status::Ok();
  };
  s.prepare_for_update = [node_ports](Json& svc, const JsonValue& old,
                                      const WriteContext&) -> Status {
    JsonAllocator& a = svc.GetAllocator();
    JsonValue& spec = EnsureObject(svc, "spec", a);
    std::string_view old_ip = StringAt(old, "spec.clusterIP");
    std::string_view new_ip = StringAt(spec, "clusterIP");
    if (new_ip.empty() && !old_ip.empty()) {
      SetString(spec, "clusterIP", old_ip, a);
      SetMember(spec, "clusterIPs", StringArray(old_ip, a), a);
    } else if (new_ip != old_ip && !old_ip.empty()) {
      return Invalid(
          svc, api::Invalid(ClusterIpsPath(), api::BadValue::StringSlice({std::string(new_ip)}),
                            "may not change once set"));
    }
    const JsonValue* old_spec = Member(old, "spec");
    if (old_spec != nullptr) {
      DropNodePortFields(spec, *old_spec);
      KeepNodePorts(spec, *old_spec, a);
    }
    DefaultSpec(spec, a);
    return AssignNodePorts(spec, old_spec, node_ports, StringAt(svc, "metadata.name"), a);
  };
  s.validate = ValidateService;
  return s;
}

}  // namespace ekslite::apiserver

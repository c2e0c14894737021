#include "apiserver/resources/service_node_ports.h"

#include <random>
#include <set>

#include "core/api/field_errors.h"

namespace ekslite::apiserver {
namespace {

// The node ports of `spec`'s ports.
std::set<int64_t> NodePortsOf(const JsonValue* spec) {
  std::set<int64_t> out;
  const JsonValue* ports = spec != nullptr ? Member(*spec, "ports") : nullptr;
  if (ports == nullptr || !ports->IsArray()) return out;
  for (const JsonValue& p : ports->GetArray()) {
    int64_t n = IntAt(p, "nodePort").value_or(0);
    if (n != 0) out.insert(n);
  }
  return out;
}

// A port for when no allocator is configured (unit tests of other rules).
int64_t RandomNodePort() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<int64_t>(NodePortAllocator::kFirst,
                                                NodePortAllocator::kLast)(rng);
}

}  // namespace

bool HasNodePorts(std::string_view type) { return type == "NodePort" || type == "LoadBalancer"; }

void DropNodePortFields(JsonValue& spec, const JsonValue& old_spec) {
  if (!HasNodePorts(StringAt(old_spec, "type")) || HasNodePorts(StringAt(spec, "type"))) return;
  if (StringAt(spec, "externalTrafficPolicy") == StringAt(old_spec, "externalTrafficPolicy")) {
    RemoveMember(spec, "externalTrafficPolicy");
  }
  std::set<int64_t> old_ports = NodePortsOf(&old_spec);
  JsonValue* ports = Member(spec, "ports");
  if (ports == nullptr || !ports->IsArray()) return;
  for (JsonValue& p : ports->GetArray()) {
    if (old_ports.count(IntAt(p, "nodePort").value_or(0)) != 0) RemoveMember(p, "nodePort");
  }
}

void KeepNodePorts(JsonValue& spec, const JsonValue& old_spec, JsonAllocator& a) {
  if (!HasNodePorts(StringAt(old_spec, "type")) || !HasNodePorts(StringAt(spec, "type"))) return;
  JsonValue* ports = Member(spec, "ports");
  const JsonValue* old_ports = Member(old_spec, "ports");
  if (ports == nullptr || !ports->IsArray() || old_ports == nullptr || !old_ports->IsArray()) return;
  std::set<int64_t> used = NodePortsOf(&spec);
  for (JsonValue& p : ports->GetArray()) {
    if (!p.IsObject() || IntAt(p, "nodePort").value_or(0) != 0) continue;
    for (const JsonValue& o : old_ports->GetArray()) {
      int64_t old_port = IntAt(o, "nodePort").value_or(0);
      if (StringAt(o, "name") != StringAt(p, "name") || old_port == 0) continue;
      if (used.insert(old_port).second) SetInt(p, "nodePort", old_port, a);
      break;
    }
  }
}

Status AssignNodePorts(JsonValue& spec, const JsonValue* old_spec, NodePortAllocator* ports,
                       std::string_view name, JsonAllocator& a) {
  std::string_view type = StringAt(spec, "type");
  JsonValue* list = Member(spec, "ports");
  if (!HasNodePorts(type) || list == nullptr || !list->IsArray()) return Status::Ok();
  const JsonValue* allocate_lb = Member(spec, "allocateLoadBalancerNodePorts");
  bool allocate = type == "NodePort" || allocate_lb == nullptr || !allocate_lb->IsBool() ||
                  allocate_lb->GetBool();
  std::set<int64_t> own = NodePortsOf(old_spec), chosen;
  api::ErrorList errors;
  api::FieldPath path = api::FieldPath("spec").Child("ports");
  // Ports the client chose first, so that allocation avoids them.
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    int64_t n = IntAt((*list)[i], "nodePort").value_or(0);
    if (n == 0) continue;
    api::FieldPath at = path.Index(i).Child("nodePort");
    if (!chosen.insert(n).second) {
      errors.Add(api::Duplicate(at, api::BadValue::Int(n)));
    } else if (ports != nullptr) {
      Status claimed = ports->Claim(n, own);
      if (!claimed.ok()) errors.Add(api::Invalid(at, api::BadValue::Int(n), claimed.message()));
    }
  }
  for (JsonValue& p : list->GetArray()) {
    if (!allocate || !p.IsObject() || IntAt(p, "nodePort").value_or(0) != 0) continue;
    int64_t n = RandomNodePort();
    if (ports != nullptr) {
      auto allocated = ports->Allocate(chosen);
      if (!allocated.ok()) {
        errors.Add(api::InternalError(path, "failed to allocate a nodePort: " +
                                                allocated.status().message()));
        break;
      }
      n = *allocated;
    }
    chosen.insert(n);
    SetInt(p, "nodePort", n, a);
  }
  if (errors.empty()) return Status::Ok();
  return api::ToInvalidStatus("Service", "", name, errors);
}

}  // namespace ekslite::apiserver

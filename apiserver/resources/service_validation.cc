#include "apiserver/resources/service_validation.h"

#include <set>
#include <string>
#include <vector>

#include "apiserver/resources/service_node_ports.h"
#include "core/api/field_errors.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

using api::BadValue;
using api::ErrorList;
using api::FieldPath;

constexpr const char* kPortRange = "must be between 1 and 65535, inclusive";

// The problems of an IANA service name (a named port): at most 15 lower-case
// letters, digits and single inner hyphens, with at least one letter.
std::vector<std::string> PortNameProblems(std::string_view name) {
  std::vector<std::string> problems;
  if (name.size() > 15) problems.push_back("must be no more than 15 characters");
  bool letter = false, bad_char = false;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') letter = true;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) bad_char = true;
  }
  if (bad_char) {
    problems.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!letter) problems.push_back("must contain at least one letter (a-z)");
  if (name.find("--") != std::string_view::npos) {
    problems.push_back("must not contain consecutive hyphens");
  }
  if (!name.empty() && (name.front() == '-' || name.back() == '-')) {
    problems.push_back("must not begin or end with a hyphen");
  }
  return problems;
}

void ValidateTargetPort(const JsonValue& port, const FieldPath& path, ErrorList* errors) {
  const JsonValue* target = Member(port, "targetPort");
  if (target == nullptr) return;
  if (target->IsInt64()) {
    int64_t n = target->GetInt64();
    if (n < 1 || n > 65535) errors->Add(api::Invalid(path, BadValue::Int(n), kPortRange));
  } else if (target->IsString()) {
    for (const std::string& p : PortNameProblems(View(*target))) {
      errors->Add(api::Invalid(path, View(*target), p));
    }
  }
}

void ValidatePort(const JsonValue& port, const FieldPath& path, std::string_view type,
                  bool name_required, std::set<std::string>* names, ErrorList* errors) {
  std::string name(StringAt(port, "name"));
  if (name.empty()) {
    if (name_required) errors->Add(api::Required(path.Child("name"), ""));
  } else {
    for (const std::string& p : api::IsDns1123Label(name)) {
      errors->Add(api::Invalid(path.Child("name"), name, p));
    }
    if (!names->insert(name).second) {
      errors->Add(api::Duplicate(path.Child("name"), BadValue::String(name)));
    }
  }
  int64_t number = IntAt(port, "port").value_or(0);
  if (number < 1 || number > 65535) {
    errors->Add(api::Invalid(path.Child("port"), BadValue::Int(number), kPortRange));
  }
  std::string_view protocol = StringAt(port, "protocol");
  if (protocol.empty()) {
    errors->Add(api::Required(path.Child("protocol"), ""));
  } else if (protocol != "TCP" && protocol != "UDP" && protocol != "SCTP") {
    errors->Add(api::NotSupported(path.Child("protocol"), BadValue::String(protocol),
                                  {"SCTP", "TCP", "UDP"}));
  }
  ValidateTargetPort(port, path.Child("targetPort"), errors);
  int64_t node_port = IntAt(port, "nodePort").value_or(0);
  if (node_port != 0 && !HasNodePorts(type)) {
    errors->Add(api::Forbidden(path.Child("nodePort"),
                               "may not be used when `type` is '" + std::string(type) + "'"));
  }
}

void ValidatePorts(const JsonValue& spec, const FieldPath& path, ErrorList* errors) {
  std::string_view type = StringAt(spec, "type");
  const JsonValue* ports = Member(spec, "ports");
  size_t count = ports != nullptr && ports->IsArray() ? ports->Size() : 0;
  bool headless = StringAt(spec, "clusterIP") == "None";
  if (count == 0) {
    if (!headless && type != "ExternalName") errors->Add(api::Required(path.Child("ports"), ""));
    return;
  }
  std::set<std::string> names;
  for (rapidjson::SizeType i = 0; i < count; ++i) {
    const JsonValue& port = (*ports)[i];
    if (!port.IsObject()) continue;
    ValidatePort(port, path.Child("ports").Index(i), type, count > 1, &names, errors);
  }
}

void ValidateSpec(const JsonValue& spec, ErrorList* errors) {
  FieldPath path("spec");
  std::string_view type = StringAt(spec, "type");
  if (type != "ClusterIP" && type != "NodePort" && type != "LoadBalancer" &&
      type != "ExternalName") {
    errors->Add(api::NotSupported(path.Child("type"), BadValue::String(type),
                                  {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
  }
  if (type == "ExternalName") {
    std::string_view external = StringAt(spec, "externalName");
    if (external.empty()) {
      errors->Add(api::Required(path.Child("externalName"), ""));
    } else {
      for (const std::string& p : api::IsDns1123Subdomain(external)) {
        errors->Add(api::Invalid(path.Child("externalName"), external, p));
      }
    }
  }
  std::string_view affinity = StringAt(spec, "sessionAffinity");
  if (affinity != "None" && affinity != "ClientIP") {
    errors->Add(api::NotSupported(path.Child("sessionAffinity"), BadValue::String(affinity),
                                  {"ClientIP", "None"}));
  }
  if (const JsonValue* selector = Member(spec, "selector");
      selector != nullptr && selector->IsObject()) {
    api::ValidateLabels(*selector, path.Child("selector"), errors);
  }
  ValidatePorts(spec, path, errors);
}

}  // namespace

Status ValidateService(const JsonValue& svc, const JsonValue* /*old*/) {
  ErrorList errors;
  const JsonValue* spec = Member(svc, "spec");
  static const JsonValue empty(rapidjson::kObjectType);
  ValidateSpec(spec != nullptr && spec->IsObject() ? *spec : empty, &errors);
  if (errors.empty()) return Status::Ok();
  return api::ToInvalidStatus("Service", "", StringAt(svc, "metadata.name"), errors);
}

}  // namespace ekslite::apiserver

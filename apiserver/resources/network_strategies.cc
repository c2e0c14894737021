// networking.k8s.io/v1 Ingresses, IngressClasses and NetworkPolicies, and
// policy/v1 PodDisruptionBudgets.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/workload_rules.h"
#include "core/api/label_selector.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

void ValidateServiceBackend(const JsonValue& service, const api::FieldPath& path,
                            api::ErrorList* errors) {
  api::FieldPath svc = path.Child("service");
  std::string_view name = StringAt(service, "name");
  if (name.empty()) {
    errors->Add(api::Required(svc.Child("name"), ""));
  } else {
    for (const std::string& p : api::IsDns1035Label(name)) {
      errors->Add(api::Invalid(svc.Child("name"), name, p));
    }
  }
  std::string_view port_name = StringAt(service, "port.name");
  int64_t number = IntAt(service, "port.number").value_or(0);
  if (!port_name.empty() && number != 0) {
    errors->Add(api::Invalid(path, "", "cannot set both port name & port number"));
  } else if (number != 0 && (number < 1 || number > 65535)) {
    errors->Add(api::Invalid(svc.Child("port").Child("number"), api::BadValue::Int(number),
                             "must be between 1 and 65535, inclusive"));
  } else if (port_name.empty() && number == 0) {
    errors->Add(api::Required(path, "port name or number is required"));
  }
}

void ValidateBackend(const JsonValue& backend, const api::FieldPath& path,
                     api::ErrorList* errors) {
  const JsonValue* resource = Member(backend, "resource");
  const JsonValue* service = Member(backend, "service");
  bool has_resource = resource != nullptr && resource->IsObject();
  bool has_service = service != nullptr && service->IsObject();
  if (has_resource && has_service) {
    errors->Add(api::Invalid(path, "", "cannot set both resource and service backends"));
  } else if (has_service) {
    ValidateServiceBackend(*service, path, errors);
  } else if (!has_resource) {
    errors->Add(api::Invalid(path, "", "resource or service backend is required"));
  }
}

void ValidateIngressPath(const JsonValue& p, const api::FieldPath& path, api::ErrorList* errors) {
  std::string_view type = StringAt(p, "pathType");
  std::string_view value = StringAt(p, "path");
  if (type.empty()) {
    errors->Add(api::Required(path.Child("pathType"), "pathType must be specified"));
  } else if (type != "Exact" && type != "Prefix" && type != "ImplementationSpecific") {
    errors->Add(api::NotSupported(path.Child("pathType"), api::BadValue::String(type),
                                  {"Exact", "ImplementationSpecific", "Prefix"}));
  } else if (type != "ImplementationSpecific" && value.rfind('/', 0) != 0) {
    errors->Add(api::Invalid(path.Child("path"), value, "must be an absolute path"));
  }
  ValidateBackend(ObjectAt(p, "backend"), path.Child("backend"), errors);
}

void ValidateIngressRules(const JsonValue& rules, api::ErrorList* errors) {
  for (rapidjson::SizeType i = 0; i < rules.Size(); ++i) {
    const JsonValue& rule = rules[i];
    api::FieldPath at = SpecPath().Child("rules").Index(i);
    std::string_view host = StringAt(rule, "host");
    std::string_view bare = host.rfind("*.", 0) == 0 ? host.substr(2) : host;
    for (const std::string& p : host.empty() ? api::Problems{} : api::IsDns1123Subdomain(bare)) {
      errors->Add(api::Invalid(at.Child("host"), host, p));
    }
    const JsonValue* http = Member(rule, "http");
    if (http == nullptr || !http->IsObject()) continue;
    const JsonValue* paths = Member(*http, "paths");
    api::FieldPath paths_path = at.Child("http").Child("paths");
    if (paths == nullptr || !paths->IsArray() || paths->Empty()) {
      errors->Add(api::Required(paths_path, ""));
      continue;
    }
    for (rapidjson::SizeType j = 0; j < paths->Size(); ++j) {
      ValidateIngressPath((*paths)[j], paths_path.Index(j), errors);
    }
  }
}

Status ValidateIngress(const JsonValue& ing, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(ing, "spec");
  const JsonValue* rules = Member(spec, "rules");
  const JsonValue* backend = Member(spec, "defaultBackend");
  bool has_rules = rules != nullptr && rules->IsArray() && !rules->Empty();
  if (!has_rules && (backend == nullptr || !backend->IsObject())) {
    errors.Add(api::Invalid(SpecPath(), api::BadValue::Raw("[]networking.IngressRule(nil)"),
                            "either `defaultBackend` or `rules` must be specified"));
  }
  if (backend != nullptr && backend->IsObject()) {
    ValidateBackend(*backend, SpecPath().Child("defaultBackend"), &errors);
  }
  if (has_rules) ValidateIngressRules(*rules, &errors);
  return InvalidIfAny("Ingress", "networking.k8s.io", ing, errors);
}

void DefaultIngressClass(Json& ic) {
  JsonValue& spec = EnsureObject(ic, "spec", ic.GetAllocator());
  if (JsonValue* p = Member(spec, "parameters"); p != nullptr && p->IsObject()) {
    DefaultString(*p, "scope", "Cluster", ic.GetAllocator());
  }
}

Status ValidateIngressClass(const JsonValue& ic, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(ic, "spec");
  if (StringAt(spec, "controller").empty()) {
    errors.Add(api::Required(SpecPath().Child("controller"), ""));
  }
  if (old != nullptr) {
    ValidateImmutable(spec, ObjectAt(*old, "spec"), "controller", SpecPath().Child("controller"),
                      api::BadValue::String(StringAt(spec, "controller")), &errors);
  }
  return InvalidIfAny("IngressClass", "networking.k8s.io", ic, errors);
}

void DefaultPortProtocols(JsonValue* rules, JsonAllocator& a) {
  if (rules == nullptr || !rules->IsArray()) return;
  for (JsonValue& rule : rules->GetArray()) {
    JsonValue* ports = Member(rule, "ports");
    if (ports == nullptr || !ports->IsArray()) continue;
    for (JsonValue& p : ports->GetArray()) {
      if (p.IsObject()) DefaultString(p, "protocol", "TCP", a);
    }
  }
}

// A policy without policyTypes is an ingress policy, and an egress one too
// when it has egress rules.
void DefaultNetworkPolicy(Json& np) {
  JsonAllocator& a = np.GetAllocator();
  JsonValue& spec = EnsureObject(np, "spec", a);
  EnsureObject(spec, "podSelector", a);
  DefaultPortProtocols(Member(spec, "ingress"), a);
  DefaultPortProtocols(Member(spec, "egress"), a);
  if (SizeAt(spec, "policyTypes") == 0) {
    JsonValue types(rapidjson::kArrayType);
    types.PushBack("Ingress", a);
    if (SizeAt(spec, "egress") > 0) types.PushBack("Egress", a);
    SetMember(spec, "policyTypes", std::move(types), a);
  }
}

Status ValidateNetworkPolicy(const JsonValue& np, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(np, "spec");
  api::ValidateLabelSelector(ObjectAt(spec, "podSelector"), SpecPath().Child("podSelector"),
                             &errors);
  const JsonValue* types = Member(spec, "policyTypes");
  if (types != nullptr && types->IsArray()) {
    for (rapidjson::SizeType i = 0; i < types->Size(); ++i) {
      std::string_view t = View((*types)[i]);
      if (t != "Ingress" && t != "Egress") {
        errors.Add(api::NotSupported(SpecPath().Child("policyTypes").Index(i),
                                     api::BadValue::String(t), {"Ingress", "Egress"}));
      }
    }
  }
  return InvalidIfAny("NetworkPolicy", "networking.k8s.io", np, errors);
}

Status ValidatePdb(const JsonValue& pdb, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(pdb, "spec");
  const JsonValue* min = Member(spec, "minAvailable");
  const JsonValue* max = Member(spec, "maxUnavailable");
  if (min != nullptr && !min->IsNull() && max != nullptr && !max->IsNull()) {
    errors.Add(api::Invalid(SpecPath(), api::BadValue::Raw("policy.PodDisruptionBudgetSpec{...}"),
                            "minAvailable and maxUnavailable cannot be both set"));
  }
  ValidateIntOrPercent(min, SpecPath().Child("minAvailable"), true, &errors);
  ValidateIntOrPercent(max, SpecPath().Child("maxUnavailable"), true, &errors);
  if (const JsonValue* sel = Member(spec, "selector"); sel != nullptr && sel->IsObject()) {
    api::ValidateLabelSelector(*sel, SpecPath().Child("selector"), &errors);
  }
  std::string_view policy = StringAt(spec, "unhealthyPodEvictionPolicy");
  if (!policy.empty() && policy != "IfHealthyBudget" && policy != "AlwaysAllow") {
    errors.Add(api::NotSupported(SpecPath().Child("unhealthyPodEvictionPolicy"),
                                 api::BadValue::String(policy), {"AlwaysAllow", "IfHealthyBudget"}));
  }
  return InvalidIfAny("PodDisruptionBudget", "policy", pdb, errors);
}

}  // namespace

Strategy IngressStrategy() {
  return DefaultingStrategy(nullptr, R"({"loadBalancer":{}})", ValidateIngress);
}

Strategy IngressClassStrategy() {
  return DefaultingStrategy(DefaultIngressClass, "", ValidateIngressClass);
}

Strategy NetworkPolicyStrategy() {
  return DefaultingStrategy(DefaultNetworkPolicy, "", ValidateNetworkPolicy);
}

Strategy PodDisruptionBudgetStrategy() {
  return DefaultingStrategy(
      nullptr,
      R"({"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0})",
      ValidatePdb);
}

}  // namespace ekslite::apiserver

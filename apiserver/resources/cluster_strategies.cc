// Cluster-level configuration: PriorityClasses, RuntimeClasses,
// CertificateSigningRequests, admission webhooks and policies, and API
// priority and fairness objects.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/workload_rules.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

constexpr int64_t kHighestUserPriority = 1000000000;

// The system priority classes and their fixed values.
std::optional<int64_t> SystemPriority(std::string_view name) {
  if (name == "system-node-critical") return 2000001000;
  if (name == "system-cluster-critical") return 2000000000;
  return std::nullopt;
}

void ValidateSystemPriorityClass(const JsonValue& pc, api::ErrorList* errors) {
  std::string name(StringAt(pc, "metadata.name"));
  int64_t value = IntAt(pc, "value").value_or(0);
  std::optional<int64_t> want = SystemPriority(name);
  std::string problem;
  if (!want) {
    problem = name + " is not a known system priority class";
  } else if (value != *want) {
    problem = "value of " + name + " PriorityClass must be " + std::to_string(*want);
  } else if (BoolAt(pc, "globalDefault")) {
    problem = "globalDefault of " + name + " PriorityClass must be false";
  }
  if (!problem.empty()) {
    errors->Add(api::Forbidden(api::FieldPath("metadata").Child("name"),
                               "priority class names with 'system-' prefix are reserved for "
                               "system use only. error: " +
                                   problem));
  }
}

Status ValidatePriorityClass(const JsonValue& pc, const JsonValue* old) {
  api::ErrorList errors;
  if (StringAt(pc, "metadata.name").rfind("system-", 0) == 0) {
    ValidateSystemPriorityClass(pc, &errors);
  } else if (IntAt(pc, "value").value_or(0) > kHighestUserPriority) {
    errors.Add(api::Forbidden(api::FieldPath("value"),
                              "maximum allowed value of a user defined priority is 1000000000"));
  }
  std::string_view policy = StringAt(pc, "preemptionPolicy");
  if (policy != "PreemptLowerPriority" && policy != "Never") {
    errors.Add(api::NotSupported(api::FieldPath("preemptionPolicy"), api::BadValue::String(policy),
                                 {"Never", "PreemptLowerPriority"}));
  }
  if (old != nullptr) {
    if (IntAt(pc, "value").value_or(0) != IntAt(*old, "value").value_or(0)) {
      errors.Add(api::Forbidden(api::FieldPath("value"), "may not be changed in an update."));
    }
    ValidateImmutable(pc, *old, "preemptionPolicy", api::FieldPath("preemptionPolicy"),
                      api::BadValue::String(policy), &errors);
  }
  return InvalidIfAny("PriorityClass", "scheduling.k8s.io", pc, errors);
}

Status ValidateRuntimeClass(const JsonValue& rc, const JsonValue* old) {
  api::ErrorList errors;
  std::string_view handler = StringAt(rc, "handler");
  for (const std::string& p : api::IsDns1123Label(handler)) {
    errors.Add(api::Invalid(api::FieldPath("handler"), handler, p));
  }
  if (old != nullptr) {
    ValidateImmutable(rc, *old, "handler", api::FieldPath("handler"),
                      api::BadValue::String(handler), &errors);
  }
  return InvalidIfAny("RuntimeClass", "node.k8s.io", rc, errors);
}

Status ValidateCsr(const JsonValue& csr, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(csr, "spec");
  api::FieldPath path("spec");
  if (StringAt(spec, "request").empty()) errors.Add(api::Required(path.Child("request"), ""));
  if (StringAt(spec, "signerName").empty()) errors.Add(api::Required(path.Child("signerName"), ""));
  if (SizeAt(spec, "usages") == 0) errors.Add(api::Required(path.Child("usages"), ""));
  const JsonValue* conds = Path(csr, "status.conditions");
  bool approved = false, denied = false;
  if (conds != nullptr && conds->IsArray()) {
    for (const JsonValue& c : conds->GetArray()) {
      approved = approved || StringAt(c, "type") == "Approved";
      denied = denied || StringAt(c, "type") == "Denied";
    }
  }
  if (approved && denied) {
    errors.Add(api::Invalid(api::FieldPath("status").Child("conditions"),
                            api::BadValue::Raw("[]certificates.CertificateSigningRequestCondition"),
                            "Approved and Denied conditions are mutually exclusive"));
  }
  return InvalidIfAny("CertificateSigningRequest", "certificates.k8s.io", csr, errors);
}

void DefaultRules(JsonValue* rules, JsonAllocator& a) {
  if (rules == nullptr || !rules->IsArray()) return;
  for (JsonValue& r : rules->GetArray()) {
    if (r.IsObject()) DefaultString(r, "scope", "*", a);
  }
}

// What a webhook, a policy's matchConstraints and a binding's matchResources
// share: matchPolicy, selectors, rule scopes.
void DefaultMatch(JsonValue& match, const char* rules_member, JsonAllocator& a) {
  DefaultString(match, "matchPolicy", "Equivalent", a);
  EnsureObject(match, "namespaceSelector", a);
  EnsureObject(match, "objectSelector", a);
  DefaultRules(Member(match, rules_member), a);
  if (std::string_view(rules_member) == "resourceRules") {
    DefaultRules(Member(match, "excludeResourceRules"), a);
  }
}

void DefaultWebhooks(Json& config, bool mutating) {
  JsonAllocator& a = config.GetAllocator();
  JsonValue* hooks = Member(config, "webhooks");
  if (hooks == nullptr || !hooks->IsArray()) return;
  for (JsonValue& h : hooks->GetArray()) {
    if (!h.IsObject()) continue;
    DefaultString(h, "failurePolicy", "Fail", a);
    DefaultMatch(h, "rules", a);
    DefaultInt(h, "timeoutSeconds", 10, a);
    if (mutating) DefaultString(h, "reinvocationPolicy", "Never", a);
    JsonValue* svc = Path(h, "clientConfig.service") ? &h["clientConfig"]["service"] : nullptr;
    if (svc != nullptr && svc->IsObject()) DefaultInt(*svc, "port", 443, a);
  }
}

void ValidateWebhook(const JsonValue& h, const api::FieldPath& at, api::ErrorList* errors) {
  std::string_view name = StringAt(h, "name");
  if (name.empty()) errors->Add(api::Required(at.Child("name"), ""));
  for (const std::string& p : name.empty() ? api::Problems{} : api::IsQualifiedName(name)) {
    errors->Add(api::Invalid(at.Child("name"), name, p));
  }
  std::string_view effects = StringAt(h, "sideEffects");
  if (effects != "None" && effects != "NoneOnDryRun") {
    errors->Add(effects.empty()
                    ? api::Required(at.Child("sideEffects"), "must specify one of None, NoneOnDryRun")
                    : api::NotSupported(at.Child("sideEffects"), api::BadValue::String(effects),
                                        {"None", "NoneOnDryRun"}));
  }
  if (SizeAt(h, "admissionReviewVersions") == 0) {
    errors->Add(api::Required(at.Child("admissionReviewVersions"),
                              "must specify one of v1, v1beta1"));
  }
  bool url = !StringAt(h, "clientConfig.url").empty();
  bool service = Path(h, "clientConfig.service") != nullptr;
  if (url == service) {
    errors->Add(api::Required(at.Child("clientConfig"), "exactly one of url or service is required"));
  }
}

Validator WebhookValidator(const char* kind) {
  return [kind](const JsonValue& config, const JsonValue*) {
    api::ErrorList errors;
    const JsonValue* hooks = Member(config, "webhooks");
    if (hooks != nullptr && hooks->IsArray()) {
      for (rapidjson::SizeType i = 0; i < hooks->Size(); ++i) {
        ValidateWebhook((*hooks)[i], api::FieldPath("webhooks").Index(i), &errors);
      }
    }
    return InvalidIfAny(kind, "admissionregistration.k8s.io", config, errors);
  };
}

void DefaultPolicy(Json& vap) {
  JsonAllocator& a = vap.GetAllocator();
  JsonValue& spec = EnsureObject(vap, "spec", a);
  DefaultString(spec, "failurePolicy", "Fail", a);
  DefaultMatch(EnsureObject(spec, "matchConstraints", a), "resourceRules", a);
}

void DefaultBinding(Json& binding) {
  JsonAllocator& a = binding.GetAllocator();
  JsonValue& spec = EnsureObject(binding, "spec", a);
  if (JsonValue* m = Member(spec, "matchResources"); m != nullptr && m->IsObject()) {
    DefaultMatch(*m, "resourceRules", a);
  }
  if (JsonValue* p = Member(spec, "paramRef"); p != nullptr && p->IsObject()) {
    DefaultString(*p, "parameterNotFoundAction", "Deny", a);
  }
}

void DefaultFlowSchema(Json& fs) {
  JsonValue& spec = EnsureObject(fs, "spec", fs.GetAllocator());
  if (IntAt(spec, "matchingPrecedence").value_or(0) == 0) {
    SetInt(spec, "matchingPrecedence", 1000, fs.GetAllocator());
  }
}

void DefaultPriorityLevel(Json& plc) {
  JsonAllocator& a = plc.GetAllocator();
  JsonValue& spec = EnsureObject(plc, "spec", a);
  if (JsonValue* limited = Member(spec, "limited"); limited != nullptr && limited->IsObject()) {
    DefaultInt(*limited, "nominalConcurrencyShares", 30, a);
    DefaultInt(*limited, "lendablePercent", 0, a);
    JsonValue* queuing = Path(*limited, "limitResponse.queuing") ? &(*limited)["limitResponse"]["queuing"] : nullptr;
    if (queuing != nullptr && queuing->IsObject()) {
      for (auto [name, value] : {std::pair{"queues", 64}, {"handSize", 8}, {"queueLengthLimit", 50}}) {
        if (IntAt(*queuing, name).value_or(0) == 0) SetInt(*queuing, name, value, a);
      }
    }
  }
  if (JsonValue* exempt = Member(spec, "exempt"); exempt != nullptr && exempt->IsObject()) {
    DefaultInt(*exempt, "nominalConcurrencyShares", 0, a);
    DefaultInt(*exempt, "lendablePercent", 0, a);
  }
}

}  // namespace

Strategy PriorityClassStrategy() {
  return DefaultingStrategy(
      [](Json& pc) { DefaultString(pc, "preemptionPolicy", "PreemptLowerPriority", pc.GetAllocator()); },
      "", ValidatePriorityClass);
}

Strategy RuntimeClassStrategy() { return DefaultingStrategy(nullptr, "", ValidateRuntimeClass); }

Strategy CertificateSigningRequestStrategy() {
  Strategy s = DefaultingStrategy(nullptr, "{}", ValidateCsr);
  s.prepare_for_create = [](Json& csr, const WriteContext& ctx) -> Status {
    JsonValue& spec = EnsureObject(csr, "spec", csr.GetAllocator());
    for (const char* f : {"username", "uid", "groups", "extra"}) RemoveMember(spec, f);
    if (!ctx.user.empty()) SetString(spec, "username", ctx.user, csr.GetAllocator());
    ResetStatus(csr, "{}");
    return Status::Ok();
  };
  // The spec of a request never changes after creation.
  s.prepare_for_update = [](Json& csr, const JsonValue& old, const WriteContext&) -> Status {
    if (const JsonValue* spec = Member(old, "spec")) {
      SetMember(csr, "spec", JsonValue(*spec, csr.GetAllocator()), csr.GetAllocator());
    }
    return Status::Ok();
  };
  return s;
}

Strategy WebhookConfigurationStrategy(bool mutating) {
  return DefaultingStrategy(
      [mutating](Json& config) { DefaultWebhooks(config, mutating); }, "",
      WebhookValidator(mutating ? "MutatingWebhookConfiguration"
                                : "ValidatingWebhookConfiguration"));
}

Strategy ValidatingAdmissionPolicyStrategy() {
  return DefaultingStrategy(DefaultPolicy, "{}", nullptr);
}

Strategy ValidatingAdmissionPolicyBindingStrategy() {
  return DefaultingStrategy(DefaultBinding, "", nullptr);
}

Strategy FlowSchemaStrategy() { return DefaultingStrategy(DefaultFlowSchema, "{}", nullptr); }

Strategy PriorityLevelConfigurationStrategy() {
  return DefaultingStrategy(DefaultPriorityLevel, "{}", nullptr);
}

}  // namespace ekslite::apiserver

// Deployments, ReplicaSets, ReplicationControllers and PodTemplates: the
// objects that keep a number of identical pods.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/pod_spec.h"
#include "apiserver/resources/workload_rules.h"
#include "core/api/label_selector.h"

namespace ekslite::apiserver {
namespace {

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

const JsonValue& SpecOf(const JsonValue& object) { return ObjectAt(object, "spec"); }

api::FieldPath TemplateLabels() {
  return SpecPath().Child("template").Child("metadata").Child("labels");
}

void DefaultTemplate(JsonValue& spec, JsonAllocator& a) {
  DefaultPodTemplate(EnsureObject(spec, "template", a), a);
}

void DefaultDeployment(Json& d) {
  JsonAllocator& a = d.GetAllocator();
  JsonValue& spec = EnsureObject(d, "spec", a);
  DefaultInt(spec, "replicas", 1, a);
  JsonValue& strategy = EnsureObject(spec, "strategy", a);
  DefaultString(strategy, "type", "RollingUpdate", a);
  if (StringAt(strategy, "type") == "RollingUpdate") {
    JsonValue& rolling = EnsureObject(strategy, "rollingUpdate", a);
    DefaultJson(rolling, "maxUnavailable", "\"25%\"", a);
    DefaultJson(rolling, "maxSurge", "\"25%\"", a);
  }
  DefaultInt(spec, "revisionHistoryLimit", 10, a);
  DefaultInt(spec, "progressDeadlineSeconds", 600, a);
  DefaultTemplate(spec, a);
}

void ValidateRollingUpdate(const JsonValue& rolling, const api::FieldPath& path,
                           api::ErrorList* errors) {
  const JsonValue* unavailable = Member(rolling, "maxUnavailable");
  const JsonValue* surge = Member(rolling, "maxSurge");
  ValidateIntOrPercent(unavailable, path.Child("maxUnavailable"), false, errors);
  ValidateIntOrPercent(surge, path.Child("maxSurge"), false, errors);
  if (ScaledIntOrPercent(unavailable, 100, false) == 0 &&
      ScaledIntOrPercent(surge, 100, false) == 0) {
    errors->Add(api::Invalid(path.Child("maxUnavailable"),
                             api::BadValue::Raw(GoIntOrString(unavailable)),
                             "may not be 0 when `maxSurge` is 0"));
  }
  ValidateIntOrPercent(unavailable, path.Child("maxUnavailable"), true, errors);
}

void ValidateDeploymentStrategy(const JsonValue& spec, api::ErrorList* errors) {
  api::FieldPath path = SpecPath().Child("strategy");
  const JsonValue* rolling = Path(spec, "strategy.rollingUpdate");
  std::string_view type = StringAt(spec, "strategy.type");
  if (type == "Recreate") {
    if (rolling != nullptr && !rolling->IsNull()) {
      errors->Add(api::Forbidden(path.Child("rollingUpdate"),
                                 "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type == "RollingUpdate") {
    if (rolling == nullptr || !rolling->IsObject()) {
      errors->Add(api::Required(path.Child("rollingUpdate"),
                                "this should be defaulted and never be nil"));
    } else {
      ValidateRollingUpdate(*rolling, path.Child("rollingUpdate"), errors);
    }
  } else {
    errors->Add(api::NotSupported(path.Child("type"), api::BadValue::String(type),
                                  {"Recreate", "RollingUpdate"}));
  }
}

Status ValidateDeployment(const JsonValue& d, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = SpecOf(d);
  ValidateNonNegative(spec, "replicas", SpecPath().Child("replicas"), &errors);
  ValidateSelectorMatchesTemplate(spec, SpecPath(), "empty selector is invalid for deployment",
                                  TemplateLabels(), &errors);
  ValidateRunningTemplate(Member(spec, "template"), SpecPath().Child("template"), &errors);
  ValidateNonNegative(spec, "minReadySeconds", SpecPath().Child("minReadySeconds"), &errors);
  ValidateDeploymentStrategy(spec, &errors);
  ValidateNonNegative(spec, "revisionHistoryLimit", SpecPath().Child("revisionHistoryLimit"), &errors);
  if (auto deadline = IntAt(spec, "progressDeadlineSeconds")) {
    ValidateNonNegative(spec, "progressDeadlineSeconds", SpecPath().Child("progressDeadlineSeconds"),
                        &errors);
    if (*deadline <= IntAt(spec, "minReadySeconds").value_or(0)) {
      errors.Add(api::Invalid(SpecPath().Child("progressDeadlineSeconds"), api::BadValue::Int(*deadline),
                              "must be greater than minReadySeconds"));
    }
  }
  if (old != nullptr) {
    ValidateImmutable(spec, SpecOf(*old), "selector", SpecPath().Child("selector"),
                      api::BadValue::Raw(GoLabelSelector(Member(spec, "selector"))), &errors);
  }
  return InvalidIfAny("Deployment", "apps", d, errors);
}

void DefaultReplicaSet(Json& rs) {
  JsonValue& spec = EnsureObject(rs, "spec", rs.GetAllocator());
  DefaultInt(spec, "replicas", 1, rs.GetAllocator());
  DefaultTemplate(spec, rs.GetAllocator());
}

Status ValidateReplicaSet(const JsonValue& rs, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = SpecOf(rs);
  ValidateNonNegative(spec, "replicas", SpecPath().Child("replicas"), &errors);
  ValidateNonNegative(spec, "minReadySeconds", SpecPath().Child("minReadySeconds"), &errors);
  ValidateSelectorMatchesTemplate(spec, SpecPath(), "empty selector is invalid for deployment",
                                  TemplateLabels(), &errors);
  ValidateRunningTemplate(Member(spec, "template"), SpecPath().Child("template"), &errors);
  if (old != nullptr) {
    ValidateImmutable(spec, SpecOf(*old), "selector", SpecPath().Child("selector"),
                      api::BadValue::Raw(GoLabelSelector(Member(spec, "selector"))), &errors);
  }
  return InvalidIfAny("ReplicaSet", "apps", rs, errors);
}

// An RC without a selector selects its template's labels, and an RC without
// labels carries them too.
void DefaultReplicationController(Json& rc) {
  JsonAllocator& a = rc.GetAllocator();
  JsonValue& spec = EnsureObject(rc, "spec", a);
  const JsonValue* labels = Path(spec, "template.metadata.labels");
  if (labels != nullptr && labels->IsObject()) {
    if (SizeAt(spec, "selector") == 0) SetMember(spec, "selector", JsonValue(*labels, a), a);
    JsonValue& meta = EnsureObject(rc, "metadata", a);
    if (SizeAt(meta, "labels") == 0) SetMember(meta, "labels", JsonValue(*labels, a), a);
  }
  DefaultInt(spec, "replicas", 1, a);
  if (JsonValue* t = Member(spec, "template"); t != nullptr && t->IsObject()) {
    DefaultPodTemplate(*t, a);
  }
}

void ValidateRcTemplate(const JsonValue& spec, api::ErrorList* errors) {
  const JsonValue* t = Member(spec, "template");
  if (t == nullptr || !t->IsObject()) {
    errors->Add(api::Required(SpecPath().Child("template"), ""));
    return;
  }
  const JsonValue* selector = Member(spec, "selector");
  const JsonValue* labels = Path(*t, "metadata.labels");
  if (selector != nullptr && selector->IsObject() && !selector->ObjectEmpty()) {
    std::map<std::string, std::string> want, have;
    for (const auto& m : selector->GetObject()) want[std::string(View(m.name))] = View(m.value);
    if (!api::SelectorFromSet(want).Matches(labels != nullptr ? *labels : EmptyJsonObject())) {
      errors->Add(api::Invalid(TemplateLabels(), api::BadValue::Raw(GoStringMap(labels)),
                               "`selector` does not match template `labels`"));
    }
  }
  ValidateRunningTemplate(t, SpecPath().Child("template"), errors);
}

Status ValidateReplicationController(const JsonValue& rc, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = SpecOf(rc);
  ValidateNonNegative(spec, "minReadySeconds", SpecPath().Child("minReadySeconds"), &errors);
  if (SizeAt(spec, "selector") == 0) errors.Add(api::Required(SpecPath().Child("selector"), ""));
  ValidateNonNegative(spec, "replicas", SpecPath().Child("replicas"), &errors);
  ValidateRcTemplate(spec, &errors);
  return InvalidIfAny("ReplicationController", "", rc, errors);
}

void DefaultPodTemplateObject(Json& pt) {
  DefaultPodTemplate(EnsureObject(pt, "template", pt.GetAllocator()), pt.GetAllocator());
}

Status ValidatePodTemplateObject(const JsonValue& pt, const JsonValue*) {
  api::ErrorList errors;
  ValidatePodTemplate(Member(pt, "template"), api::FieldPath("template"), &errors);
  return InvalidIfAny("PodTemplate", "", pt, errors);
}

}  // namespace

Strategy DeploymentStrategy() {
  return DefaultingStrategy(DefaultDeployment, "{}", ValidateDeployment);
}

Strategy ReplicaSetStrategy() {
  return DefaultingStrategy(DefaultReplicaSet, R"({"replicas":0})", ValidateReplicaSet);
}

Strategy ReplicationControllerStrategy() {
  return DefaultingStrategy(DefaultReplicationController, R"({"replicas":0})",
                            ValidateReplicationController);
}

Strategy PodTemplateStrategy() {
  return DefaultingStrategy(DefaultPodTemplateObject, "", ValidatePodTemplateObject);
}

}  // namespace ekslite::apiserver

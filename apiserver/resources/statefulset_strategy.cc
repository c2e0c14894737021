// StatefulSets and DaemonSets: the workloads with per-pod identity or one
// pod per node.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/pod_spec.h"
#include "apiserver/resources/workload_rules.h"

namespace ekslite::apiserver {
namespace {

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

api::FieldPath TemplateLabels() {
  return SpecPath().Child("template").Child("metadata").Child("labels");
}

void DefaultStatefulSet(Json& sts) {
  JsonAllocator& a = sts.GetAllocator();
  JsonValue& spec = EnsureObject(sts, "spec", a);
  DefaultString(spec, "podManagementPolicy", "OrderedReady", a);
  JsonValue& update = EnsureObject(spec, "updateStrategy", a);
  if (StringAt(update, "type").empty()) {
    SetString(update, "type", "RollingUpdate", a);
    EnsureObject(update, "rollingUpdate", a);
  }
  JsonValue* rolling = Member(update, "rollingUpdate");
  if (StringAt(update, "type") == "RollingUpdate" && rolling != nullptr && rolling->IsObject()) {
    DefaultInt(*rolling, "partition", 0, a);
  }
  JsonValue& retention = EnsureObject(spec, "persistentVolumeClaimRetentionPolicy", a);
  DefaultString(retention, "whenDeleted", "Retain", a);
  DefaultString(retention, "whenScaled", "Retain", a);
  DefaultInt(spec, "replicas", 1, a);
  DefaultInt(spec, "revisionHistoryLimit", 10, a);
  // serviceName is not omitempty in apps/v1 1.32: it is always served.
  if (Member(spec, "serviceName") == nullptr) SetString(spec, "serviceName", "", a);
  DefaultPodTemplate(EnsureObject(spec, "template", a), a);
}

void ValidateStatefulSetPolicies(const JsonValue& spec, api::ErrorList* errors) {
  std::string_view pmp = StringAt(spec, "podManagementPolicy");
  if (pmp != "OrderedReady" && pmp != "Parallel") {
    errors->Add(api::NotSupported(SpecPath().Child("podManagementPolicy"),
                                  api::BadValue::String(pmp), {"OrderedReady", "Parallel"}));
  }
  std::string_view type = StringAt(spec, "updateStrategy.type");
  if (type != "RollingUpdate" && type != "OnDelete") {
    errors->Add(api::NotSupported(SpecPath().Child("updateStrategy"), api::BadValue::String(type),
                                  {"OnDelete", "RollingUpdate"}));
  }
  if (const JsonValue* partition = Path(spec, "updateStrategy.rollingUpdate");
      partition != nullptr && partition->IsObject()) {
    ValidateNonNegative(*partition, "partition",
                        SpecPath().Child("updateStrategy").Child("rollingUpdate").Child("partition"),
                        errors);
  }
}

// Upstream lets an update change only these members of a StatefulSet's spec.
constexpr const char* kMutableStatefulSetFields[] = {
    "replicas",       "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
    "minReadySeconds"};

bool OnlyMutableFieldsChanged(const JsonValue& spec, const JsonValue& old) {
  auto is_mutable = [](std::string_view k) {
    for (const char* f : kMutableStatefulSetFields) {
      if (k == f) return true;
    }
    return false;
  };
  for (const JsonValue* side : {&spec, &old}) {
    for (const auto& m : side->GetObject()) {
      std::string_view k = View(m.name);
      if (is_mutable(k)) continue;
      const JsonValue* a = Member(spec, k);
      const JsonValue* b = Member(old, k);
      if (a == nullptr || b == nullptr || !(*a == *b)) return false;
    }
  }
  return true;
}

Status ValidateStatefulSet(const JsonValue& sts, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(sts, "spec");
  ValidateStatefulSetPolicies(spec, &errors);
  ValidateNonNegative(spec, "replicas", SpecPath().Child("replicas"), &errors);
  ValidateNonNegative(spec, "minReadySeconds", SpecPath().Child("minReadySeconds"), &errors);
  ValidateSelectorMatchesTemplate(spec, SpecPath(), "empty selector is invalid for statefulset",
                                  TemplateLabels(), &errors);
  ValidateRunningTemplate(Member(spec, "template"), SpecPath().Child("template"), &errors);
  if (old != nullptr && !OnlyMutableFieldsChanged(spec, ObjectAt(*old, "spec"))) {
    errors.Add(api::Forbidden(
        SpecPath(),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
        "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are "
        "forbidden"));
  }
  return InvalidIfAny("StatefulSet", "apps", sts, errors);
}

void DefaultDaemonSet(Json& ds) {
  JsonAllocator& a = ds.GetAllocator();
  JsonValue& spec = EnsureObject(ds, "spec", a);
  JsonValue& update = EnsureObject(spec, "updateStrategy", a);
  DefaultString(update, "type", "RollingUpdate", a);
  if (StringAt(update, "type") == "RollingUpdate") {
    JsonValue& rolling = EnsureObject(update, "rollingUpdate", a);
    DefaultInt(rolling, "maxUnavailable", 1, a);
    DefaultInt(rolling, "maxSurge", 0, a);
  }
  DefaultInt(spec, "revisionHistoryLimit", 10, a);
  DefaultPodTemplate(EnsureObject(spec, "template", a), a);
}

void ValidateDaemonSetUpdateStrategy(const JsonValue& spec, api::ErrorList* errors) {
  api::FieldPath path = SpecPath().Child("updateStrategy");
  std::string_view type = StringAt(spec, "updateStrategy.type");
  if (type == "OnDelete") return;
  if (type != "RollingUpdate") {
    errors->Add(api::NotSupported(path, api::BadValue::String(type), {"OnDelete", "RollingUpdate"}));
    return;
  }
  const JsonValue& rolling = ObjectAt(ObjectAt(spec, "updateStrategy"), "rollingUpdate");
  const JsonValue* unavailable = Member(rolling, "maxUnavailable");
  const JsonValue* surge = Member(rolling, "maxSurge");
  api::FieldPath at = path.Child("rollingUpdate");
  ValidateIntOrPercent(unavailable, at.Child("maxUnavailable"), true, errors);
  ValidateIntOrPercent(surge, at.Child("maxSurge"), true, errors);
  bool no_unavailable = ScaledIntOrPercent(unavailable, 100, false) == 0;
  bool no_surge = ScaledIntOrPercent(surge, 100, false) == 0;
  if (no_unavailable && no_surge) {
    errors->Add(api::Invalid(at.Child("maxUnavailable"),
                             api::BadValue::Raw(GoIntOrString(unavailable)),
                             "may not be 0 when `maxSurge` is 0"));
  }
  if (!no_unavailable && !no_surge) {
    errors->Add(api::Invalid(at.Child("maxSurge"), api::BadValue::Raw(GoIntOrString(surge)),
                             "may not be set when maxUnavailable is non-zero"));
  }
}

Status ValidateDaemonSet(const JsonValue& ds, const JsonValue* old) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(ds, "spec");
  ValidateSelectorMatchesTemplate(spec, SpecPath(), "empty selector is invalid for daemonset",
                                  TemplateLabels(), &errors);
  ValidateRunningTemplate(Member(spec, "template"), SpecPath().Child("template"), &errors);
  ValidateNonNegative(spec, "minReadySeconds", SpecPath().Child("minReadySeconds"), &errors);
  ValidateDaemonSetUpdateStrategy(spec, &errors);
  if (old != nullptr) {
    ValidateImmutable(spec, ObjectAt(*old, "spec"), "selector", SpecPath().Child("selector"),
                      api::BadValue::Raw(GoLabelSelector(Member(spec, "selector"))), &errors);
  }
  return InvalidIfAny("DaemonSet", "apps", ds, errors);
}

}  // namespace

Strategy StatefulSetStrategy() {
  return DefaultingStrategy(DefaultStatefulSet, R"({"replicas":0,"availableReplicas":0})",
                            ValidateStatefulSet);
}

Strategy DaemonSetStrategy() {
  return DefaultingStrategy(DefaultDaemonSet,
                            R"({"currentNumberScheduled":0,"numberMisscheduled":0,)"
                            R"("desiredNumberScheduled":0,"numberReady":0})",
                            ValidateDaemonSet);
}

}  // namespace ekslite::apiserver

// autoscaling/v2 HorizontalPodAutoscalers, the stored version of HPAs.
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/workload_rules.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

api::FieldPath SpecPath() { return api::FieldPath("spec"); }

constexpr const char* kDefaultCpuMetric =
    R"([{"type":"Resource","resource":{"name":"cpu","target":)"
    R"({"type":"Utilization","averageUtilization":80}}}])";
constexpr const char* kScaleUpPolicies =
    R"([{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}])";
constexpr const char* kScaleDownPolicies = R"([{"type":"Percent","value":100,"periodSeconds":15}])";

// Upstream fills every unset part of a given behavior: scale up at once by
// max(4 pods, 100%) per 15s; scale down by 100% per 15s, with the
// stabilization window left to the controller.
void DefaultBehavior(JsonValue& behavior, JsonAllocator& a) {
  JsonValue& up = EnsureObject(behavior, "scaleUp", a);
  DefaultInt(up, "stabilizationWindowSeconds", 0, a);
  DefaultString(up, "selectPolicy", "Max", a);
  DefaultJson(up, "policies", kScaleUpPolicies, a);
  JsonValue& down = EnsureObject(behavior, "scaleDown", a);
  DefaultString(down, "selectPolicy", "Max", a);
  DefaultJson(down, "policies", kScaleDownPolicies, a);
}

void DefaultHpa(Json& hpa) {
  JsonAllocator& a = hpa.GetAllocator();
  JsonValue& spec = EnsureObject(hpa, "spec", a);
  DefaultInt(spec, "minReplicas", 1, a);
  if (SizeAt(spec, "metrics") == 0) {
    RemoveMember(spec, "metrics");
    DefaultJson(spec, "metrics", kDefaultCpuMetric, a);
  }
  if (JsonValue* b = Member(spec, "behavior"); b != nullptr && b->IsObject()) {
    DefaultBehavior(*b, a);
  }
}

void ValidateScalingRules(const JsonValue& rules, const api::FieldPath& path,
                          api::ErrorList* errors) {
  std::string_view select = StringAt(rules, "selectPolicy", "Max");
  if (select != "Disabled" && select != "Max" && select != "Min") {
    errors->Add(api::NotSupported(path.Child("selectPolicy"), api::BadValue::String(select),
                                  {"Disabled", "Max", "Min"}));
  }
  if (auto w = IntAt(rules, "stabilizationWindowSeconds")) {
    if (*w < 0 || *w > 3600) {
      errors->Add(api::Invalid(path.Child("stabilizationWindowSeconds"), api::BadValue::Int(*w),
                               *w < 0 ? "must be greater than or equal to zero"
                                      : "must be less than or equal to 3600"));
    }
  }
  const JsonValue* policies = Member(rules, "policies");
  if (policies == nullptr || !policies->IsArray() || policies->Empty()) {
    errors->Add(api::Required(path.Child("policies"), "must specify at least one Policy"));
    return;
  }
  for (rapidjson::SizeType i = 0; i < policies->Size(); ++i) {
    const JsonValue& p = (*policies)[i];
    api::FieldPath at = path.Child("policies").Index(i);
    std::string_view type = StringAt(p, "type");
    if (type != "Pods" && type != "Percent") {
      errors->Add(api::NotSupported(at.Child("type"), api::BadValue::String(type),
                                    {"Percent", "Pods"}));
    }
    int64_t value = IntAt(p, "value").value_or(0);
    if (value <= 0) {
      errors->Add(api::Invalid(at.Child("value"), api::BadValue::Int(value),
                               "must be greater than zero"));
    }
    int64_t period = IntAt(p, "periodSeconds").value_or(0);
    if (period <= 0 || period > 1800) {
      errors->Add(api::Invalid(at.Child("periodSeconds"), api::BadValue::Int(period),
                               period <= 0 ? "must be greater than zero"
                                           : "must be less than or equal to 1800"));
    }
  }
}

void ValidateScaleTarget(const JsonValue& spec, api::ErrorList* errors) {
  api::FieldPath path = SpecPath().Child("scaleTargetRef");
  const JsonValue& ref = ObjectAt(spec, "scaleTargetRef");
  for (const char* field : {"kind", "name"}) {
    std::string_view v = StringAt(ref, field);
    if (v.empty()) {
      errors->Add(api::Required(path.Child(field), ""));
      continue;
    }
    for (const std::string& p : api::IsValidPathSegmentName(v)) {
      errors->Add(api::Invalid(path.Child(field), v, p));
    }
  }
}

void ValidateReplicaBounds(const JsonValue& spec, api::ErrorList* errors) {
  std::optional<int64_t> min = IntAt(spec, "minReplicas");
  int64_t max = IntAt(spec, "maxReplicas").value_or(0);
  if (min && *min < 1) {
    errors->Add(api::Invalid(SpecPath().Child("minReplicas"), api::BadValue::Int(*min),
                             "must be greater than or equal to 1"));
  }
  if (max < 1) {
    errors->Add(api::Invalid(SpecPath().Child("maxReplicas"), api::BadValue::Int(max),
                             "must be greater than 0"));
  }
  if (min && max < *min) {
    errors->Add(api::Invalid(SpecPath().Child("maxReplicas"), api::BadValue::Int(max),
                             "must be greater than or equal to `minReplicas`"));
  }
}

void ValidateMetricTypes(const JsonValue& spec, api::ErrorList* errors) {
  const JsonValue* metrics = Member(spec, "metrics");
  if (metrics == nullptr || !metrics->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < metrics->Size(); ++i) {
    std::string_view type = StringAt((*metrics)[i], "type");
    api::FieldPath at = SpecPath().Child("metrics").Index(i).Child("type");
    if (type.empty()) {
      errors->Add(api::Required(at, "must specify a metric source type"));
    } else if (type != "Object" && type != "Pods" && type != "Resource" &&
               type != "ContainerResource" && type != "External") {
      errors->Add(api::NotSupported(at, api::BadValue::String(type),
                                    {"ContainerResource", "External", "Object", "Pods", "Resource"}));
    }
  }
}

Status ValidateHpa(const JsonValue& hpa, const JsonValue*) {
  api::ErrorList errors;
  const JsonValue& spec = ObjectAt(hpa, "spec");
  ValidateReplicaBounds(spec, &errors);
  ValidateScaleTarget(spec, &errors);
  ValidateMetricTypes(spec, &errors);
  if (const JsonValue* b = Member(spec, "behavior"); b != nullptr && b->IsObject()) {
    api::FieldPath path = SpecPath().Child("behavior");
    for (const char* dir : {"scaleUp", "scaleDown"}) {
      if (const JsonValue* r = Member(*b, dir); r != nullptr && r->IsObject()) {
        ValidateScalingRules(*r, path.Child(dir), &errors);
      }
    }
  }
  return InvalidIfAny("HorizontalPodAutoscaler", "autoscaling", hpa, errors);
}

}  // namespace

Strategy HorizontalPodAutoscalerStrategy() {
  return DefaultingStrategy(DefaultHpa, R"({"desiredReplicas":0})", ValidateHpa);
}

}  // namespace ekslite::apiserver

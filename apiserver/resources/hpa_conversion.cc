#include "apiserver/resources/hpa_conversion.h"

#include <cctype>
#include <string>
#include <vector>

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kMetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
constexpr std::string_view kBehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
constexpr std::string_view kCurrentMetricsAnnotation =
    "autoscaling.alpha.kubernetes.io/current-metrics";
constexpr std::string_view kConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
constexpr std::string_view kRoundTripAnnotations[] = {kMetricsAnnotation, kBehaviorAnnotation,
                                                      kCurrentMetricsAnnotation,
                                                      kConditionsAnnotation};

// Where each field of a metric source lives in v2 (a path inside the source)
// and in v1 (a member of the source), for MetricSpecs. MetricStatuses use the
// same table with "target" read as "current".
struct FieldMap {
  const char* v2;
  const char* v1;
};
struct SourceMap {
  const char* type;
  const char* member;
  std::vector<FieldMap> fields;
};

const std::vector<SourceMap>& Sources() {
  static const auto* sources = new std::vector<SourceMap>{
      {"Object",
       "object",
       {{"describedObject", "target"},
        {"metric.name", "metricName"},
        {"target.value", "targetValue"},
        {"metric.selector", "selector"},
        {"target.averageValue", "averageValue"}}},
      {"Pods",
       "pods",
       {{"metric.name", "metricName"},
        {"target.averageValue", "targetAverageValue"},
        {"metric.selector", "selector"}}},
      {"Resource",
       "resource",
       {{"name", "name"},
        {"target.averageUtilization", "targetAverageUtilization"},
        {"target.averageValue", "targetAverageValue"}}},
      {"ContainerResource",
       "containerResource",
       {{"name", "name"},
        {"target.averageUtilization", "targetAverageUtilization"},
        {"target.averageValue", "targetAverageValue"},
        {"container", "container"}}},
      {"External",
       "external",
       {{"metric.name", "metricName"},
        {"metric.selector", "metricSelector"},
        {"target.value", "targetValue"},
        {"target.averageValue", "targetAverageValue"}}}};
  return *sources;
}

const SourceMap* SourceFor(std::string_view type) {
  for (const SourceMap& s : Sources()) {
    if (type == s.type) return &s;
  }
  return nullptr;
}

// "target.value" → "current.value", "targetValue" → "currentValue"; the
// object's "target" (its described object) stays.
std::string ForStatus(std::string_view key, bool status) {
  if (!status || key == "target" || key.rfind("target", 0) != 0) return std::string(key);
  return "current" + std::string(key.substr(6));
}

JsonValue ObjectCopy(const JsonValue* v, JsonAllocator& a) {
  return v != nullptr && v->IsObject() ? JsonValue(*v, a) : JsonValue(rapidjson::kObjectType);
}

// Copies member `key` of `from` to `to` when present and not null.
void Copy(const JsonValue& from, std::string_view key, JsonValue& to, JsonAllocator& a) {
  const JsonValue* v = Member(from, key);
  if (v != nullptr && !v->IsNull()) SetMember(to, key, JsonValue(*v, a), a);
}

void SetAt(JsonValue& object, std::string_view dotted, JsonValue value, JsonAllocator& a) {
  size_t dot = dotted.find('.');
  if (dot == std::string_view::npos) {
    SetMember(object, dotted, std::move(value), a);
    return;
  }
  SetAt(EnsureObject(object, dotted.substr(0, dot), a), dotted.substr(dot + 1), std::move(value),
        a);
}

// One metric (spec or status) from v2 to v1 (`to_v1`) or back.
JsonValue ConvertMetric(const JsonValue& m, bool status, bool to_v1, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  std::string_view type = StringAt(m, "type");
  SetString(out, "type", type, a);
  const SourceMap* map = SourceFor(type);
  const JsonValue* src = map != nullptr ? Member(m, map->member) : nullptr;
  if (src == nullptr || !src->IsObject()) return out;
  JsonValue dst(rapidjson::kObjectType);
  for (const FieldMap& f : map->fields) {
    std::string v2 = ForStatus(f.v2, status), v1 = ForStatus(f.v1, status);
    const JsonValue* v = Path(*src, to_v1 ? v2 : v1);
    if (v == nullptr || v->IsNull()) continue;
    if (to_v1) {
      SetMember(dst, v1, JsonValue(*v, a), a);
    } else {
      SetAt(dst, v2, JsonValue(*v, a), a);
    }
  }
  SetMember(out, map->member, std::move(dst), a);
  return out;
}

// Sets the v2 target type a v1 metric implies, first in the target as
// upstream serialises MetricTarget.
void SetTargetType(JsonValue& metric, JsonAllocator& a) {
  std::string_view kind = StringAt(metric, "type");
  const SourceMap* map = SourceFor(kind);
  JsonValue* src = map != nullptr ? Member(metric, map->member) : nullptr;
  JsonValue* target = src != nullptr ? Member(*src, "target") : nullptr;
  if (target == nullptr || !target->IsObject()) return;
  std::string_view type = "AverageValue";
  if (Member(*target, "averageUtilization") != nullptr) type = "Utilization";
  if ((kind == "Object" || kind == "External") && Member(*target, "averageValue") == nullptr) {
    type = "Value";
  }
  JsonValue sorted(rapidjson::kObjectType);
  sorted.AddMember("type", MakeString(type, a), a);
  for (auto& m : target->GetObject()) sorted.AddMember(m.name, m.value, a);
  *target = std::move(sorted);
}

JsonValue ConvertMetrics(const JsonValue* metrics, bool status, bool to_v1, JsonAllocator& a) {
  JsonValue out(rapidjson::kArrayType);
  if (metrics == nullptr || !metrics->IsArray()) return out;
  for (const JsonValue& m : metrics->GetArray()) {
    JsonValue c = ConvertMetric(m, status, to_v1, a);
    if (!to_v1 && !status) SetTargetType(c, a);
    out.PushBack(std::move(c), a);
  }
  return out;
}

bool IsCpuUtilizationTarget(const JsonValue& metric) {
  return StringAt(metric, "type") == "Resource" && StringAt(metric, "resource.name") == "cpu" &&
         Path(metric, "resource.target.averageUtilization") != nullptr;
}

// Upstream marshals its internal behavior type, which has no JSON tags: the
// members are Go field names and unset pointers are null.
JsonValue RulesToGo(const JsonValue* rules, JsonAllocator& a) {
  if (rules == nullptr || !rules->IsObject()) return JsonValue();
  JsonValue out(rapidjson::kObjectType);
  const JsonValue* window = Member(*rules, "stabilizationWindowSeconds");
  out.AddMember("StabilizationWindowSeconds", window ? JsonValue(*window, a) : JsonValue(), a);
  const JsonValue* select = Member(*rules, "selectPolicy");
  out.AddMember("SelectPolicy", select ? JsonValue(*select, a) : JsonValue(), a);
  JsonValue policies;
  if (const JsonValue* ps = Member(*rules, "policies"); ps != nullptr && ps->IsArray()) {
    policies.SetArray();
    for (const JsonValue& p : ps->GetArray()) {
      JsonValue gp(rapidjson::kObjectType);
      gp.AddMember("Type", MakeString(StringAt(p, "type"), a), a);
      gp.AddMember("Value", JsonValue(IntAt(p, "value").value_or(0)), a);
      gp.AddMember("PeriodSeconds", JsonValue(IntAt(p, "periodSeconds").value_or(0)), a);
      policies.PushBack(std::move(gp), a);
    }
  }
  out.AddMember("Policies", std::move(policies), a);
  return out;
}

// Reads a member whatever its case, as Go's JSON decoder does.
const JsonValue* FoldedMember(const JsonValue& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (const auto& m : object.GetObject()) {
    std::string_view k = View(m.name);
    if (k.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < k.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(k[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same && !m.value.IsNull()) return &m.value;
  }
  return nullptr;
}

JsonValue RulesFromGo(const JsonValue& rules, JsonAllocator& a) {
  JsonValue out(rapidjson::kObjectType);
  if (const JsonValue* w = FoldedMember(rules, "stabilizationWindowSeconds")) {
    out.AddMember("stabilizationWindowSeconds", JsonValue(*w, a), a);
  }
  if (const JsonValue* s = FoldedMember(rules, "selectPolicy")) {
    out.AddMember("selectPolicy", JsonValue(*s, a), a);
  }
  const JsonValue* ps = FoldedMember(rules, "policies");
  if (ps == nullptr || !ps->IsArray()) return out;
  JsonValue policies(rapidjson::kArrayType);
  for (const JsonValue& p : ps->GetArray()) {
    JsonValue np(rapidjson::kObjectType);
    for (const char* f : {"type", "value", "periodSeconds"}) {
      if (const JsonValue* v = FoldedMember(p, f)) np.AddMember(MakeString(f, a), JsonValue(*v, a), a);
    }
    policies.PushBack(std::move(np), a);
  }
  out.AddMember("policies", std::move(policies), a);
  return out;
}

// The annotation `key` of the v1 object parsed as JSON, or null.
StatusOr<Json> AnnotationJson(const JsonValue& v1, std::string_view key) {
  const JsonValue* ann = Path(v1, "metadata.annotations");
  const JsonValue* v = ann != nullptr ? Member(*ann, key) : nullptr;
  if (v == nullptr || !v->IsString()) return Status::NotFound("no annotation");
  return ParseJson(View(*v));
}

void AnnotateIfAny(JsonValue& meta, std::string_view key, const JsonValue& value,
                   JsonAllocator& a) {
  if (value.IsNull() || (value.IsArray() && value.Empty())) return;
  SetString(EnsureObject(meta, "annotations", a), key, ToJsonString(value), a);
}

// The v1 copy of the stored metadata, without stale round-trip annotations.
JsonValue CleanMetadata(const JsonValue& object, JsonAllocator& a) {
  JsonValue meta(ObjectCopy(Member(object, "metadata"), a));
  if (JsonValue* ann = Member(meta, "annotations"); ann != nullptr && ann->IsObject()) {
    for (std::string_view key : kRoundTripAnnotations) RemoveMember(*ann, key);
    if (ann->ObjectEmpty()) RemoveMember(meta, "annotations");
  }
  return meta;
}

JsonValue SpecToV1(const JsonValue& v2, JsonValue& meta, JsonAllocator& a) {
  const JsonValue* in = Member(v2, "spec");
  JsonValue spec(rapidjson::kObjectType);
  if (in == nullptr || !in->IsObject()) return spec;
  for (const char* key : {"scaleTargetRef", "minReplicas", "maxReplicas"}) Copy(*in, key, spec, a);
  JsonValue others(rapidjson::kArrayType);
  bool cpu = false;
  if (const JsonValue* ms = Member(*in, "metrics"); ms != nullptr && ms->IsArray()) {
    for (const JsonValue& m : ms->GetArray()) {
      if (IsCpuUtilizationTarget(m)) {
        if (!cpu) SetInt(spec, "targetCPUUtilizationPercentage",
                         *IntAt(m, "resource.target.averageUtilization"), a);
        cpu = true;
        continue;
      }
      others.PushBack(ConvertMetric(m, false, true, a), a);
    }
  }
  AnnotateIfAny(meta, kMetricsAnnotation, others, a);
  if (const JsonValue* b = Member(*in, "behavior"); b != nullptr && b->IsObject()) {
    JsonValue go(rapidjson::kObjectType);
    go.AddMember("ScaleUp", RulesToGo(Member(*b, "scaleUp"), a), a);
    go.AddMember("ScaleDown", RulesToGo(Member(*b, "scaleDown"), a), a);
    AnnotateIfAny(meta, kBehaviorAnnotation, go, a);
  }
  return spec;
}

JsonValue StatusToV1(const JsonValue& v2, JsonValue& meta, JsonAllocator& a) {
  const JsonValue& in = *Member(v2, "status");
  JsonValue status(rapidjson::kObjectType);
  Copy(in, "observedGeneration", status, a);
  Copy(in, "lastScaleTime", status, a);
  SetInt(status, "currentReplicas", IntAt(in, "currentReplicas").value_or(0), a);
  SetInt(status, "desiredReplicas", IntAt(in, "desiredReplicas").value_or(0), a);
  const JsonValue* current = Member(in, "currentMetrics");
  if (current != nullptr && current->IsArray()) {
    for (const JsonValue& m : current->GetArray()) {
      std::optional<int64_t> u = IntAt(m, "resource.current.averageUtilization");
      if (StringAt(m, "type") == "Resource" && StringAt(m, "resource.name") == "cpu" && u) {
        SetInt(status, "currentCPUUtilizationPercentage", *u, a);
      }
    }
  }
  AnnotateIfAny(meta, kCurrentMetricsAnnotation, ConvertMetrics(current, true, true, a), a);
  if (const JsonValue* c = Member(in, "conditions"); c != nullptr && c->IsArray()) {
    AnnotateIfAny(meta, kConditionsAnnotation, *c, a);
  }
  return status;
}

JsonValue MetricsFromV1(const JsonValue& v1, JsonAllocator& a) {
  JsonValue metrics(rapidjson::kArrayType);
  if (auto others = AnnotationJson(v1, kMetricsAnnotation); others.ok() && others->IsArray()) {
    JsonValue converted = ConvertMetrics(&*others, false, false, a);
    for (JsonValue& m : converted.GetArray()) metrics.PushBack(std::move(m), a);
  }
  std::optional<int64_t> cpu = IntAt(v1, "spec.targetCPUUtilizationPercentage");
  // Without any metric, v1 always meant CPU at 80%.
  if (cpu || metrics.Empty()) {
    std::string m = R"({"type":"Resource","resource":{"name":"cpu","target":)"
                    R"({"type":"Utilization","averageUtilization":)" +
                    std::to_string(cpu.value_or(80)) + "}}}";
    metrics.PushBack(JsonValue(*ParseJson(m), a), a);
  }
  return metrics;
}

JsonValue SpecFromV1(const JsonValue& v1, JsonAllocator& a) {
  JsonValue spec(rapidjson::kObjectType);
  const JsonValue* in = Member(v1, "spec");
  if (in != nullptr && in->IsObject()) {
    for (const char* key : {"scaleTargetRef", "minReplicas", "maxReplicas"}) Copy(*in, key, spec, a);
  }
  spec.AddMember("metrics", MetricsFromV1(v1, a), a);
  auto behavior = AnnotationJson(v1, kBehaviorAnnotation);
  if (behavior.ok() && behavior->IsObject()) {
    JsonValue b(rapidjson::kObjectType);
    if (const JsonValue* up = FoldedMember(*behavior, "scaleUp")) {
      b.AddMember("scaleUp", RulesFromGo(*up, a), a);
    }
    if (const JsonValue* down = FoldedMember(*behavior, "scaleDown")) {
      b.AddMember("scaleDown", RulesFromGo(*down, a), a);
    }
    if (!b.ObjectEmpty()) spec.AddMember("behavior", std::move(b), a);
  }
  return spec;
}

JsonValue StatusFromV1(const JsonValue& v1, JsonAllocator& a) {
  const JsonValue& in = *Member(v1, "status");
  JsonValue status(rapidjson::kObjectType);
  Copy(in, "observedGeneration", status, a);
  Copy(in, "lastScaleTime", status, a);
  if (IntAt(in, "currentReplicas").value_or(0) != 0) Copy(in, "currentReplicas", status, a);
  SetInt(status, "desiredReplicas", IntAt(in, "desiredReplicas").value_or(0), a);
  auto current = AnnotationJson(v1, kCurrentMetricsAnnotation);
  if (current.ok() && current->IsArray()) {
    SetMember(status, "currentMetrics", ConvertMetrics(&*current, true, false, a), a);
  } else if (auto cpu = IntAt(in, "currentCPUUtilizationPercentage")) {
    std::string m = R"([{"type":"Resource","resource":{"name":"cpu","current":)"
                    R"({"averageUtilization":)" +
                    std::to_string(*cpu) + "}}}]";
    SetMember(status, "currentMetrics", JsonValue(*ParseJson(m), a), a);
  }
  if (auto conds = AnnotationJson(v1, kConditionsAnnotation); conds.ok() && conds->IsArray()) {
    SetMember(status, "conditions", JsonValue(*conds, a), a);
  }
  return status;
}

void Assemble(std::string_view api_version, JsonValue meta, JsonValue spec, JsonValue* status,
              Json& out) {
  JsonAllocator& a = out.GetAllocator();
  out.SetObject();
  out.AddMember("kind", "HorizontalPodAutoscaler", a);
  out.AddMember("apiVersion", MakeString(api_version, a), a);
  out.AddMember("metadata", std::move(meta), a);
  out.AddMember("spec", std::move(spec), a);
  if (status != nullptr) out.AddMember("status", std::move(*status), a);
}

bool HasStatus(const JsonValue& object) {
  const JsonValue* s = Member(object, "status");
  return s != nullptr && s->IsObject();
}

}  // namespace

Json HpaV2ToV1(const JsonValue& v2) {
  Json out;
  JsonAllocator& a = out.GetAllocator();
  JsonValue meta = CleanMetadata(v2, a);
  JsonValue spec = SpecToV1(v2, meta, a);
  JsonValue status;
  if (HasStatus(v2)) status = StatusToV1(v2, meta, a);
  Assemble("autoscaling/v1", std::move(meta), std::move(spec), HasStatus(v2) ? &status : nullptr,
           out);
  return out;
}

Json HpaV1ToV2(const JsonValue& v1) {
  Json out;
  JsonAllocator& a = out.GetAllocator();
  JsonValue meta = CleanMetadata(v1, a);
  JsonValue spec = SpecFromV1(v1, a);
  JsonValue status;
  if (HasStatus(v1)) status = StatusFromV1(v1, a);
  Assemble("autoscaling/v2", std::move(meta), std::move(spec), HasStatus(v1) ? &status : nullptr,
           out);
  return out;
}

}  // namespace ekslite::apiserver

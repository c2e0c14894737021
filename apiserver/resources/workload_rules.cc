#include "apiserver/resources/workload_rules.h"

#include <cmath>
#include <map>

#include "apiserver/resources/defaulting.h"
#include "apiserver/resources/pod_spec.h"
#include "core/api/go_format.h"
#include "core/api/label_selector.h"
#include "core/api/validation.h"

namespace ekslite::apiserver {
namespace {

std::string GoRequirement(const JsonValue& r) {
  std::string out = "v1.LabelSelectorRequirement{Key:" + api::GoQuote(StringAt(r, "key")) +
                    ", Operator:" + api::GoQuote(StringAt(r, "operator")) + ", Values:";
  std::vector<std::string> values;
  const JsonValue* vs = Member(r, "values");
  if (vs != nullptr && vs->IsArray()) {
    for (const JsonValue& v : vs->GetArray()) values.emplace_back(View(v));
  }
  return out + api::GoStringSlice(values, vs == nullptr || !vs->IsArray()) + "}";
}

// Upstream's IsValidPercent message.
std::string PercentError() {
  return api::RegexError(
      "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%",
      {"1%", "93%"});
}

size_t Count(const JsonValue* v) {
  if (v == nullptr) return 0;
  if (v->IsObject()) return v->MemberCount();
  return v->IsArray() ? v->Size() : 0;
}

bool IsPercent(std::string_view s) {
  if (s.size() < 2 || s.back() != '%') return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string GoStringMap(const JsonValue* map) {
  if (map == nullptr || !map->IsObject()) return "map[string]string(nil)";
  std::map<std::string, std::string> sorted;
  for (const auto& m : map->GetObject()) sorted[std::string(View(m.name))] = View(m.value);
  std::string out = "map[string]string{";
  bool first = true;
  for (const auto& [k, v] : sorted) {
    out += first ? "" : ", ";
    out += api::GoQuote(k) + ":" + api::GoQuote(v);
    first = false;
  }
  return out + "}";
}

std::string GoLabelSelector(const JsonValue* selector) {
  if (selector == nullptr || !selector->IsObject()) return "null";
  std::string out = "v1.LabelSelector{MatchLabels:" + GoStringMap(Member(*selector, "matchLabels"));
  out += ", MatchExpressions:";
  const JsonValue* exprs = Member(*selector, "matchExpressions");
  if (exprs == nullptr || !exprs->IsArray()) {
    out += "[]v1.LabelSelectorRequirement(nil)";
  } else {
    out += "[]v1.LabelSelectorRequirement{";
    for (rapidjson::SizeType i = 0; i < exprs->Size(); ++i) {
      out += (i > 0 ? ", " : "") + GoRequirement((*exprs)[i]);
    }
    out += "}";
  }
  return out + "}";
}

std::string GoIntOrString(const JsonValue* value) {
  if (value != nullptr && value->IsString()) {
    return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + api::GoQuote(View(*value)) + "}";
  }
  int64_t v = value != nullptr && value->IsInt64() ? value->GetInt64() : 0;
  return "intstr.IntOrString{Type:0, IntVal:" + std::to_string(v) + ", StrVal:\"\"}";
}

void ValidateSelectorMatchesTemplate(const JsonValue& spec, const api::FieldPath& spec_path,
                                     std::string_view empty_message,
                                     const api::FieldPath& labels_path, api::ErrorList* errors) {
  const JsonValue* selector = Member(spec, "selector");
  api::FieldPath path = spec_path.Child("selector");
  bool present = selector != nullptr && selector->IsObject();
  if (!present) {
    errors->Add(api::Required(path, ""));
  } else {
    api::ValidateLabelSelector(*selector, path, errors);
    size_t terms = Count(Member(*selector, "matchLabels")) +
                   Count(Member(*selector, "matchExpressions"));
    if (!empty_message.empty() && terms == 0) {
      errors->Add(api::Invalid(path, api::BadValue::Raw(GoLabelSelector(selector)), empty_message));
    }
  }
  auto parsed = api::LabelSelectorFromJson(present ? selector : nullptr);
  if (!parsed.ok()) return;
  const JsonValue* labels = Path(spec, "template.metadata.labels");
  if (!parsed->Empty() && !parsed->Matches(labels != nullptr ? *labels : EmptyJsonObject())) {
    errors->Add(api::Invalid(labels_path, api::BadValue::Raw(GoStringMap(labels)),
                             "`selector` does not match template `labels`"));
  }
}

void ValidateRunningTemplate(const JsonValue* pod_template, const api::FieldPath& path,
                             api::ErrorList* errors) {
  ValidatePodTemplate(pod_template, path, errors);
  if (pod_template == nullptr) return;
  std::string_view policy = StringAt(*pod_template, "spec.restartPolicy");
  if (policy != "Always") {
    errors->Add(api::NotSupported(path.Child("spec").Child("restartPolicy"),
                                  api::BadValue::String(policy), {"Always"}));
  }
  if (auto ads = IntAt(*pod_template, "spec.activeDeadlineSeconds")) {
    errors->Add(api::Invalid(path.Child("spec").Child("activeDeadlineSeconds"),
                             api::BadValue::Int(*ads),
                             "activeDeadlineSeconds in ReplicaSet is not Supported"));
  }
}

void ValidateNonNegative(const JsonValue& obj, std::string_view name, const api::FieldPath& path,
                         api::ErrorList* errors) {
  std::optional<int64_t> v = IntAt(obj, name);
  if (v && *v < 0) {
    errors->Add(api::Invalid(path, api::BadValue::Int(*v), "must be greater than or equal to 0"));
  }
}

void ValidateIntOrPercent(const JsonValue* value, const api::FieldPath& path, bool at_most_100,
                          api::ErrorList* errors) {
  if (value == nullptr || value->IsNull()) return;
  if (value->IsInt64()) {
    if (value->GetInt64() < 0) {
      errors->Add(api::Invalid(path, api::BadValue::Int(value->GetInt64()),
                               "must be greater than or equal to 0"));
    }
    return;
  }
  std::string_view s = View(*value);
  api::BadValue rendered = api::BadValue::Raw(GoIntOrString(value));
  if (!IsPercent(s)) {
    errors->Add(api::Invalid(path, rendered, PercentError()));
  } else if (at_most_100 && std::stoll(std::string(s.substr(0, s.size() - 1))) > 100) {
    errors->Add(api::Invalid(path, rendered, "must not be greater than 100%"));
  }
}

int64_t ScaledIntOrPercent(const JsonValue* value, int64_t total, bool round_up) {
  if (value == nullptr) return 0;
  if (value->IsInt64()) return value->GetInt64();
  std::string_view s = View(*value);
  if (!IsPercent(s)) return 0;
  double v = std::stod(std::string(s.substr(0, s.size() - 1))) * static_cast<double>(total) / 100;
  return static_cast<int64_t>(round_up ? std::ceil(v) : std::floor(v));
}

void ValidateImmutable(const JsonValue& now, const JsonValue& old, std::string_view name,
                       const api::FieldPath& path, api::BadValue rendered,
                       api::ErrorList* errors) {
  const JsonValue* a = Member(now, name);
  const JsonValue* b = Member(old, name);
  bool same = (a == nullptr || b == nullptr) ? a == b : *a == *b;
  if (!same) errors->Add(api::Invalid(path, std::move(rendered), "field is immutable"));
}

Status InvalidIfAny(std::string_view kind, std::string_view group, const JsonValue& object,
                    const api::ErrorList& errors) {
  if (errors.empty()) return Status::Ok();
  return api::ToInvalidStatus(kind, group, StringAt(object, "metadata.name"), errors);
}

}  // namespace ekslite::apiserver

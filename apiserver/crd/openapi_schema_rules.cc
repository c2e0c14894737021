// The OpenAPI rules of a CRD schema, node by node: known types, the
// unsupported JSON-Schema keywords, defaults where they are allowed,
// additionalProperties vs properties, and the x-kubernetes-* extensions'
// consistency. CEL rules (x-kubernetes-validations) are checked for shape,
// not compiled.
#include <algorithm>
#include <set>

#include "apiserver/crd/openapi_schema_internal.h"
#include "core/api/go_format.h"

namespace ekslite::apiserver::crd_schema {
namespace {

using api::FieldPath;

// What the walk knows about where it is (upstream's specStandardValidator).
struct Context {
  bool allow_defaults = true;
  std::string no_defaults_reason;
  bool inside_resource_meta = false;
};

const JsonValue* Array(const JsonValue& s, std::string_view name) {
  const JsonValue* v = Member(s, name);
  return v != nullptr && v->IsArray() ? v : nullptr;
}

bool Present(const JsonValue& s, std::string_view name) {
  const JsonValue* v = Member(s, name);
  return v != nullptr && !v->IsNull();
}

// The per-node checks (upstream's specStandardValidatorV3.validate).
void CheckNode(const JsonValue& s, const Context& ctx, const FieldPath& path,
               api::ErrorList* errors) {
  static const std::set<std::string> kTypes = {"array",  "boolean", "integer",
                                               "number", "object",  "string"};
  std::string type(StringAt(s, "type"));
  if (!type.empty() && kTypes.count(type) == 0) {
    errors->Add(api::NotSupported(path.Child("type"), api::BadValue::String(type),
                                  {kTypes.begin(), kTypes.end()}));
  }
  if (Present(s, "default") && !ctx.allow_defaults) {
    std::string detail = "must not be set";
    if (!ctx.no_defaults_reason.empty()) detail += " " + ctx.no_defaults_reason;
    errors->Add(api::Forbidden(path.Child("default"), detail));
  }
  auto unsupported = [&](const char* name) {
    errors->Add(api::Forbidden(path.Child(name), std::string(name) + " is not supported"));
  };
  if (!StringAt(s, "id").empty()) unsupported("id");
  if (Present(s, "additionalItems")) unsupported("additionalItems");
  const JsonValue* pattern = Sub(s, "patternProperties");
  if (pattern != nullptr && !pattern->ObjectEmpty()) unsupported("patternProperties");
  const JsonValue* definitions = Sub(s, "definitions");
  if (definitions != nullptr && !definitions->ObjectEmpty()) unsupported("definitions");
  if (Present(s, "dependencies")) unsupported("dependencies");
  if (Present(s, "$ref")) unsupported("$ref");
  if (type == "null") {
    errors->Add(api::Forbidden(path.Child("type"),
                               "type cannot be set to null, use nullable as an alternative"));
  }
  const JsonValue* items = Member(s, "items");
  if (items != nullptr && items->IsArray() && !items->Empty()) {
    errors->Add(
        api::Forbidden(path.Child("items"), "items must be a schema object and not an array"));
  }
  if (ctx.inside_resource_meta && Flag(s, "x-kubernetes-embedded-resource")) {
    errors->Add(api::Forbidden(path.Child("x-kubernetes-embedded-resource"),
                               "must not be used inside of resource meta"));
  }
}

void CheckMapAndListTypes(const JsonValue& s, const FieldPath& path, api::ErrorList* errors) {
  std::string_view type = StringAt(s, "type");
  const JsonValue* map_type = Member(s, "x-kubernetes-map-type");
  if (map_type != nullptr && type != "object") {
    const char* detail = "must be object if x-kubernetes-map-type is specified";
    if (type.empty()) {
      errors->Add(api::Required(path.Child("type"), detail));
    } else {
      errors->Add(api::Invalid(path.Child("type"), type, detail));
    }
  }
  if (map_type != nullptr && View(*map_type) != "atomic" && View(*map_type) != "granular") {
    errors->Add(api::NotSupported(path.Child("x-kubernetes-map-type"),
                                  api::BadValue::String(View(*map_type)), {"atomic", "granular"}));
  }
  const JsonValue* list_type = Member(s, "x-kubernetes-list-type");
  std::string_view lt = list_type != nullptr ? View(*list_type) : "";
  const JsonValue* item = Sub(s, "items");
  if (list_type != nullptr && type != "array") {
    const char* detail = "must be array if x-kubernetes-list-type is specified";
    if (type.empty()) {
      errors->Add(api::Required(path.Child("type"), detail));
    } else {
      errors->Add(api::Invalid(path.Child("type"), type, detail));
    }
  } else if (lt == "set" && item != nullptr) {
    std::string_view item_type = StringAt(*item, "type");
    const char* detail = "must be atomic as item of a list with x-kubernetes-list-type=set";
    const JsonValue* item_list = Member(*item, "x-kubernetes-list-type");
    if (item_type == "array" && item_list != nullptr && View(*item_list) != "atomic") {
      errors->Add(api::Invalid(path.Child("items").Child("x-kubernetes-list-type"),
                               View(*item_list), detail));
    }
    if (item_type == "object" && StringAt(*item, "x-kubernetes-map-type") != "atomic") {
      errors->Add(api::Invalid(path.Child("items").Child("x-kubernetes-map-type"),
                               api::BadValue::Raw("(*string)(nil)"), detail));
    }
  }
  if (list_type != nullptr && lt != "atomic" && lt != "set" && lt != "map") {
    errors->Add(api::NotSupported(path.Child("x-kubernetes-list-type"), api::BadValue::String(lt),
                                  {"atomic", "set", "map"}));
  }
}

std::vector<std::string> ListMapKeys(const JsonValue& s) {
  std::vector<std::string> out;
  if (const JsonValue* keys = Array(s, "x-kubernetes-list-map-keys")) {
    for (const JsonValue& k : keys->GetArray()) out.emplace_back(k.IsString() ? View(k) : "");
  }
  return out;
}

void CheckListMap(const JsonValue& s, const FieldPath& path, api::ErrorList* errors) {
  std::vector<std::string> keys = ListMapKeys(s);
  const JsonValue* list_type = Member(s, "x-kubernetes-list-type");
  std::string_view lt = list_type != nullptr ? View(*list_type) : "";
  if (!keys.empty()) {
    const char* detail = "must be map if x-kubernetes-list-map-keys is non-empty";
    if (list_type == nullptr) {
      errors->Add(api::Required(path.Child("x-kubernetes-list-type"), detail));
    } else if (lt != "map") {
      errors->Add(api::Invalid(path.Child("x-kubernetes-list-type"), lt, detail));
    }
  }
  if (lt != "map") return;
  if (keys.empty()) {
    errors->Add(api::Required(path.Child("x-kubernetes-list-map-keys"),
                              "must not be empty if x-kubernetes-list-type is map"));
  }
  const JsonValue* items = Member(s, "items");
  if (items == nullptr) {
    errors->Add(
        api::Required(path.Child("items"), "must have a schema if x-kubernetes-list-type is map"));
    return;
  }
  if (!items->IsObject()) {
    errors->Add(api::Invalid(path.Child("items"), api::BadValue::Raw(ToJsonString(*items)),
                             "must only have a single schema if x-kubernetes-list-type is map"));
    return;
  }
  std::string_view item_type = StringAt(*items, "type");
  if (item_type != "object") {
    errors->Add(api::Invalid(path.Child("items").Child("type"), item_type,
                             "must be object if parent array's x-kubernetes-list-type is map"));
    return;
  }
  const JsonValue* props = Sub(*items, "properties");
  std::set<std::string> seen;
  api::BadValue all = api::BadValue::StringSlice(keys);
  for (const std::string& k : keys) {
    const JsonValue* p = props != nullptr ? Sub(*props, k) : nullptr;
    if (p == nullptr) {
      errors->Add(api::Invalid(path.Child("x-kubernetes-list-map-keys"), all,
                               "entries must all be names of item properties"));
    } else if (StringAt(*p, "type") == "array" || StringAt(*p, "type") == "object") {
      errors->Add(api::Invalid(path.Child("items").Child("properties").Key(k).Child("type"),
                               item_type,
                               "must be a scalar type if parent array's x-kubernetes-list-type is "
                               "map"));
    }
    if (!seen.insert(k).second) {
      errors->Add(api::Invalid(path.Child("x-kubernetes-list-map-keys"), all,
                               "must not contain duplicate entries"));
    }
  }
}

// Set and map list items are not nullable; map keys are required or defaulted.
void CheckMapSetItems(const JsonValue& s, const FieldPath& path, api::ErrorList* errors) {
  const JsonValue* items = Sub(s, "items");
  std::string_view lt = StringAt(s, "x-kubernetes-list-type");
  if (items == nullptr || (lt != "set" && lt != "map")) return;
  if (Flag(*items, "nullable")) {
    errors->Add(
        api::Forbidden(path.Child("items").Child("nullable"),
                       "cannot be nullable when x-kubernetes-list-type is " + std::string(lt)));
  }
  if (lt != "map") return;
  std::set<std::string> required;
  if (const JsonValue* r = Array(*items, "required")) {
    for (const JsonValue& v : r->GetArray()) required.emplace(v.IsString() ? View(v) : "");
  }
  const JsonValue* props = Sub(*items, "properties");
  for (const std::string& k : ListMapKeys(s)) {
    const JsonValue* p = props != nullptr ? Sub(*props, k) : nullptr;
    if (p == nullptr) continue;
    FieldPath at = path.Child("items").Child("properties").Key(k);
    if (required.count(k) == 0 && !Present(*p, "default")) {
      errors->Add(api::Required(at.Child("default"),
                                "this property is in x-kubernetes-list-map-keys, so it must have a "
                                "default or be a required property"));
    }
    if (Flag(*p, "nullable")) {
      errors->Add(api::Forbidden(at.Child("nullable"),
                                 "this property is in x-kubernetes-list-map-keys, so it cannot be "
                                 "nullable"));
    }
  }
}

bool HasNewline(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void CheckValidationRules(const JsonValue& s, const FieldPath& path, api::ErrorList* errors) {
  const JsonValue* rules = Array(s, "x-kubernetes-validations");
  if (rules == nullptr) return;
  static const std::vector<std::string> kReasons = {"FieldValueDuplicate", "FieldValueForbidden",
                                                    "FieldValueInvalid", "FieldValueRequired"};
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    const JsonValue& r = (*rules)[i];
    FieldPath at = path.Child("x-kubernetes-validations").Index(i);
    std::string_view rule = Trim(StringAt(r, "rule"));
    std::string_view raw_message = StringAt(r, "message");
    std::string_view message = Trim(raw_message);
    if (rule.empty()) {
      errors->Add(api::Required(at.Child("rule"), "rule is not specified"));
    } else if (!raw_message.empty() && message.empty()) {
      errors->Add(
          api::Invalid(at.Child("message"), raw_message, "message must be non-empty if specified"));
    } else if (HasNewline(message)) {
      errors->Add(
          api::Invalid(at.Child("message"), raw_message, "message must not contain line breaks"));
    } else if (HasNewline(rule) && message.empty()) {
      errors->Add(api::Required(at.Child("message"),
                                "message must be specified if rule contains line breaks"));
    }
    std::string_view expr = StringAt(r, "messageExpression");
    if (!expr.empty() && Trim(expr).empty()) {
      errors->Add(api::Required(at.Child("messageExpression"),
                                "messageExpression must be non-empty if specified"));
    }
    const JsonValue* reason = Member(r, "reason");
    if (reason != nullptr && reason->IsString() &&
        std::find(kReasons.begin(), kReasons.end(), View(*reason)) == kReasons.end()) {
      errors->Add(
          api::NotSupported(at.Child("reason"), api::BadValue::String(View(*reason)), kReasons));
    }
  }
}

void Walk(const JsonValue& s, const Context& ctx, bool root, const FieldPath& path,
          api::ErrorList* errors);

void WalkChildren(const JsonValue& s, const Context& ctx, bool root, const FieldPath& path,
                  api::ErrorList* errors) {
  const JsonValue* additional = Member(s, "additionalProperties");
  const JsonValue* props = Sub(s, "properties");
  if (additional != nullptr && !additional->IsNull()) {
    bool forbids = (additional->IsBool() && !additional->GetBool()) || additional->IsObject();
    if (props != nullptr && !props->ObjectEmpty() && forbids) {
      errors->Add(api::Forbidden(path.Child("additionalProperties"),
                                 "additionalProperties and properties are mutual exclusive"));
    }
    if (additional->IsObject()) {
      Context sub = ctx;
      if (ctx.inside_resource_meta) {
        sub.allow_defaults = false;
        sub.no_defaults_reason = "inside additionalProperties applying to object metadata";
      }
      Walk(*additional, sub, false, path.Child("additionalProperties"), errors);
    }
  }
  bool resource = root || Flag(s, "x-kubernetes-embedded-resource");
  for (const auto* p : Sorted(props)) {
    std::string_view k = View(p->name);
    if (!p->value.IsObject()) continue;
    Context sub = ctx;
    if (resource && (k == "metadata" || k == "kind" || k == "apiVersion")) {
      sub.inside_resource_meta = true;
      if (root) {
        sub.allow_defaults = false;
        sub.no_defaults_reason = "in top-level " + std::string(k);
      }
    }
    Walk(p->value, sub, false, path.Child("properties").Key(k), errors);
  }
  if (const JsonValue* n = Sub(s, "not")) Walk(*n, ctx, false, path.Child("not"), errors);
  for (const char* j : {"allOf", "oneOf", "anyOf"}) {
    const JsonValue* list = Array(s, j);
    if (list == nullptr) continue;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      if ((*list)[i].IsObject()) Walk((*list)[i], ctx, false, path.Child(j).Index(i), errors);
    }
  }
  for (const auto* d : Sorted(Sub(s, "definitions"))) {
    if (d->value.IsObject()) {
      Walk(d->value, ctx, false, path.Child("definitions").Key(View(d->name)), errors);
    }
  }
  const JsonValue* items = Member(s, "items");
  if (items != nullptr && items->IsObject()) {
    Walk(*items, ctx, false, path.Child("items"), errors);
  } else if (items != nullptr && items->IsArray()) {
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
      if ((*items)[i].IsObject())
        Walk((*items)[i], ctx, false, path.Child("items").Index(i), errors);
    }
  }
}

void Walk(const JsonValue& s, const Context& ctx, bool root, const FieldPath& path,
          api::ErrorList* errors) {
  CheckNode(s, ctx, path, errors);
  if (Flag(s, "uniqueItems")) {
    errors->Add(api::Forbidden(path.Child("uniqueItems"),
                               "uniqueItems cannot be set to true since the runtime complexity "
                               "becomes quadratic"));
  }
  WalkChildren(s, ctx, root, path, errors);
  const JsonValue* preserve = Member(s, "x-kubernetes-preserve-unknown-fields");
  if (preserve != nullptr && preserve->IsBool() && !preserve->GetBool()) {
    errors->Add(api::Invalid(path.Child("x-kubernetes-preserve-unknown-fields"),
                             api::BadValue::Bool(false), "must be true or undefined"));
  }
  CheckMapAndListTypes(s, path, errors);
  CheckListMap(s, path, errors);
  CheckMapSetItems(s, path, errors);
  CheckValidationRules(s, path, errors);
}

}  // namespace

void ValidateOpenApiRules(const JsonValue& schema, const FieldPath& path, api::ErrorList* errors) {
  Walk(schema, Context{}, true, path, errors);
}

}  // namespace ekslite::apiserver::crd_schema

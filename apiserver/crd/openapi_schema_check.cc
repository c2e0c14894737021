// ValidateOpenApiSchema: the root rules, then structural rules and defaults
// (openapi_schema_structural.cc), then the OpenAPI rules
// (openapi_schema_rules.cc).
#include "apiserver/crd/openapi_schema_check.h"

#include <algorithm>

#include "apiserver/crd/openapi_schema_internal.h"

namespace ekslite::apiserver {
namespace crd_schema {

const JsonValue* Sub(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  return v != nullptr && v->IsObject() ? v : nullptr;
}

bool Flag(const JsonValue& node, std::string_view name) {
  const JsonValue* v = Member(node, name);
  return v != nullptr && v->IsBool() && v->GetBool();
}

std::vector<const JsonValue::Member*> Sorted(const JsonValue* object) {
  std::vector<const JsonValue::Member*> out;
  if (object == nullptr || !object->IsObject()) return out;
  for (const auto& m : object->GetObject()) out.push_back(&m);
  std::sort(out.begin(), out.end(),
            [](const auto* a, const auto* b) { return View(a->name) < View(b->name); });
  return out;
}

}  // namespace crd_schema

namespace {

// JSONSchemaProps members in the Go struct's order, with the Go field name;
// only those with `allowed` may be set at the root when status is a
// subresource.
struct RootKeyword {
  const char* json;
  const char* go;
  bool allowed;
};
constexpr RootKeyword kRootKeywords[] = {
    {"id", "ID", false},
    {"$schema", "Schema", false},
    {"$ref", "Ref", false},
    {"description", "Description", true},
    {"type", "Type", true},
    {"format", "Format", true},
    {"title", "Title", true},
    {"default", "Default", false},
    {"maximum", "Maximum", true},
    {"exclusiveMaximum", "ExclusiveMaximum", true},
    {"minimum", "Minimum", true},
    {"exclusiveMinimum", "ExclusiveMinimum", true},
    {"maxLength", "MaxLength", true},
    {"minLength", "MinLength", true},
    {"pattern", "Pattern", true},
    {"maxItems", "MaxItems", true},
    {"minItems", "MinItems", true},
    {"uniqueItems", "UniqueItems", true},
    {"multipleOf", "MultipleOf", true},
    {"enum", "Enum", false},
    {"maxProperties", "MaxProperties", false},
    {"minProperties", "MinProperties", false},
    {"required", "Required", true},
    {"items", "Items", true},
    {"allOf", "AllOf", false},
    {"oneOf", "OneOf", false},
    {"anyOf", "AnyOf", false},
    {"not", "Not", false},
    {"properties", "Properties", true},
    {"additionalProperties", "AdditionalProperties", false},
    {"patternProperties", "PatternProperties", false},
    {"dependencies", "Dependencies", false},
    {"additionalItems", "AdditionalItems", false},
    {"definitions", "Definitions", false},
    {"externalDocs", "ExternalDocs", true},
    {"example", "Example", true},
    {"nullable", "Nullable", false},
    {"x-kubernetes-preserve-unknown-fields", "XPreserveUnknownFields", true},
    {"x-kubernetes-embedded-resource", "XEmbeddedResource", false},
    {"x-kubernetes-int-or-string", "XIntOrString", false},
    {"x-kubernetes-list-map-keys", "XListMapKeys", false},
    {"x-kubernetes-list-type", "XListType", false},
    {"x-kubernetes-map-type", "XMapType", false},
    {"x-kubernetes-validations", "XValidations", true},
};

// Go's zero values are skipped by upstream's check.
bool IsZero(const JsonValue& v) {
  if (v.IsNull()) return true;
  if (v.IsBool()) return !v.GetBool();
  if (v.IsString()) return v.GetStringLength() == 0;
  if (v.IsArray()) return v.Empty();
  if (v.IsObject()) return v.ObjectEmpty();
  return false;
}

std::string AllowedList() {
  std::string out = "[";
  for (const RootKeyword& k : kRootKeywords) {
    if (!k.allowed) continue;
    if (out.size() > 1) out += " ";
    out += k.go;
  }
  return out + "]";
}

void ValidateStatusRoot(const JsonValue& schema, const api::FieldPath& path,
                        api::ErrorList* errors) {
  for (const RootKeyword& k : kRootKeywords) {
    const JsonValue* v = Member(schema, k.json);
    if (v == nullptr || IsZero(*v)) continue;
    if (std::string_view(k.json) == "type") {
      if (View(*v) != "object") {
        errors->Add(api::Invalid(
            path.Child("type"), View(*v),
            "only \"object\" is allowed as the type at the root of the schema if the status "
            "subresource is enabled"));
        return;
      }
      continue;
    }
    if (!k.allowed) {
      errors->Add(api::Invalid(path, api::BadValue::Raw(ToJsonString(schema)),
                               "only " + AllowedList() +
                                   " fields are allowed at the root of the schema if the status "
                                   "subresource is enabled"));
      return;
    }
  }
}

}  // namespace

void ValidateOpenApiSchema(const JsonValue& schema, bool status_subresource,
                           const api::FieldPath& path, api::ErrorList* errors) {
  if (!schema.IsObject()) return;
  api::ErrorList all;
  if (status_subresource) ValidateStatusRoot(schema, path, &all);
  if (crd_schema::Flag(schema, "nullable")) {
    all.Add(api::Forbidden(path.Child("nullable"), "nullable cannot be true at the root"));
  }
  api::ErrorList structural;
  crd_schema::ValidateStructural(schema, path, &structural);
  all.Append(structural);
  if (structural.empty()) crd_schema::ValidateDefaults(schema, path, &all);
  crd_schema::ValidateOpenApiRules(schema, path, &all);
  errors->Append(all);
}

}  // namespace ekslite::apiserver

// The per-version parts of CRD validation (crd_validation_internal.h).
#include <set>
#include <string>
#include <vector>

#include "apiserver/crd/crd_validation_internal.h"
#include "apiserver/crd/openapi_schema_check.h"
#include "core/api/json_tree.h"
#include "core/api/validation.h"

namespace ekslite::apiserver::crd_validation {
namespace {

using api::FieldPath;

constexpr int kMaxSelectableFields = 8;

// Absent and null compare equal to each other; arrays also to [].
bool SameMember(const JsonValue& a, const JsonValue& b, std::string_view name) {
  const JsonValue* x = Member(a, name);
  const JsonValue* y = Member(b, name);
  auto empty = [](const JsonValue* v) {
    return v == nullptr || v->IsNull() || (v->IsArray() && v->Empty());
  };
  if (empty(x) || empty(y)) return empty(x) && empty(y);
  return api::JsonEqual(*x, *y);
}

bool AllSame(const JsonValue& versions, std::string_view name) {
  for (const JsonValue& v : versions.GetArray()) {
    if (!SameMember(v, versions[0], name)) return false;
  }
  return true;
}

void ValidateDeprecationWarning(const JsonValue& version, const FieldPath& path,
                                api::ErrorList* errors) {
  const JsonValue* warning = Member(version, "deprecationWarning");
  if (warning == nullptr || !warning->IsString()) return;
  std::string_view text = View(*warning);
  const JsonValue* deprecated = Member(version, "deprecated");
  if (deprecated == nullptr || !deprecated->IsBool() || !deprecated->GetBool()) {
    errors->Add(api::Invalid(path, text, "can only be set for deprecated versions"));
    return;
  }
  if (text.size() > 256) errors->Add(api::Invalid(path, text, "must be <= 256 characters long"));
  if (text.empty()) errors->Add(api::Invalid(path, text, "must not be an empty string"));
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      errors->Add(api::Invalid(path, text,
                               "must only contain printable UTF-8 characters; non-printable "
                               "character found at index " +
                                   std::to_string(i)));
      break;
    }
  }
}

void ValidateReplicasPath(const JsonValue& scale, const char* member, std::string_view under,
                          const FieldPath& path, api::ErrorList* errors) {
  std::string_view value = StringAt(scale, member);
  FieldPath at = path.Child(std::string("scale.") + member);
  if (value.empty()) {
    errors->Add(api::Required(at, ""));
    return;
  }
  api::ErrorList json_path;
  ValidateSimpleJsonPath(value, at, &json_path);
  if (!json_path.empty()) {
    errors->Append(json_path);
  } else if (!value.starts_with(std::string(under) + ".")) {
    errors->Add(api::Invalid(at, value, "should be a json path under " + std::string(under)));
  }
}

// The schema node a dotted path (".spec.color") names, or null.
const JsonValue* SchemaAt(const JsonValue* schema, std::string_view dotted) {
  if (!dotted.starts_with(".")) return nullptr;
  dotted.remove_prefix(1);
  while (schema != nullptr && !dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string_view name = dotted.substr(0, dot);
    const JsonValue* props = Member(*schema, "properties");
    schema = props != nullptr && props->IsObject() ? Member(*props, name) : nullptr;
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  return schema;
}

void ValidateSelectableField(const JsonValue& entry, const JsonValue* schema, const FieldPath& at,
                             std::set<std::string>* unique, api::ErrorList* errors) {
  std::string_view json_path = StringAt(entry, "jsonPath");
  if (json_path.empty()) {
    errors->Add(api::Required(at, ""));
    return;
  }
  const JsonValue* target = SchemaAt(schema, json_path);
  if (target == nullptr) {
    errors->Add(api::Invalid(at, json_path, "is an invalid path: does not refer to a valid field"));
    return;
  }
  if (json_path.starts_with(".metadata.") || json_path == ".metadata") {
    errors->Add(api::Invalid(at, json_path, "must not point to fields in metadata"));
  }
  std::string_view type = StringAt(*target, "type");
  if (type != "string" && type != "boolean" && type != "integer") {
    errors->Add(api::Invalid(at, json_path,
                             "must point to a field of type string, boolean or integer. Enum "
                             "string fields and strings with formats are allowed."));
  }
  if (!unique->insert(std::string(json_path)).second) {
    errors->Add(api::Duplicate(at, api::BadValue::String(json_path)));
  }
}

void ValidateReviewVersions(const JsonValue* versions, const FieldPath& path,
                            api::ErrorList* errors) {
  if (versions == nullptr || !versions->IsArray() || versions->Empty()) {
    errors->Add(api::Required(path, ""));
    return;
  }
  std::set<std::string> seen;
  bool accepted = false;
  std::vector<std::string> all;
  for (rapidjson::SizeType i = 0; i < versions->Size(); ++i) {
    std::string v((*versions)[i].IsString() ? View((*versions)[i]) : "");
    all.push_back(v);
    if (!seen.insert(v).second) {
      errors->Add(api::Invalid(path.Index(i), v, "duplicate version"));
      continue;
    }
    for (const std::string& p : api::IsDns1035Label(v))
      errors->Add(api::Invalid(path.Index(i), v, p));
    accepted = accepted || v == "v1" || v == "v1beta1";
  }
  if (!accepted) {
    errors->Add(api::Invalid(path, api::BadValue::StringSlice(all),
                             "must include at least one of v1, v1beta1"));
  }
}

}  // namespace

SpecLayout LayoutOf(const JsonValue* versions) {
  SpecLayout layout;
  if (versions == nullptr || !versions->IsArray() || versions->Empty()) return layout;
  layout.schema_shared = AllSame(*versions, "schema");
  layout.subresources_shared = AllSame(*versions, "subresources");
  layout.columns_shared = AllSame(*versions, "additionalPrinterColumns");
  layout.selectable_shared = layout.schema_shared && AllSame(*versions, "selectableFields");
  return layout;
}

bool StatusEnabled(const JsonValue* subresources) {
  return subresources != nullptr && subresources->IsObject() &&
         Member(*subresources, "status") != nullptr && !Member(*subresources, "status")->IsNull();
}

void ValidateVersion(const JsonValue& version, const FieldPath& path, const SpecLayout& layout,
                     api::ErrorList* errors) {
  ValidateDeprecationWarning(version, path.Child("deprecationWarning"), errors);
  const JsonValue* subresources = Member(version, "subresources");
  if (!layout.schema_shared) {
    ValidateValidation(Member(version, "schema"), StatusEnabled(subresources), path.Child("schema"),
                       errors);
  }
  if (!layout.subresources_shared) {
    ValidateSubresources(subresources, path.Child("subresources"), errors);
  }
  const JsonValue* columns = Member(version, "additionalPrinterColumns");
  if (!layout.columns_shared && columns != nullptr && columns->IsArray()) {
    for (rapidjson::SizeType i = 0; i < columns->Size(); ++i) {
      ValidateColumn((*columns)[i], path.Child("additionalPrinterColumns").Index(i), errors);
    }
  }
  const JsonValue* selectable = Member(version, "selectableFields");
  if (!layout.selectable_shared && selectable != nullptr && selectable->IsArray() &&
      !selectable->Empty()) {
    const JsonValue* schema = Path(version, "schema.openAPIV3Schema");
    if (schema == nullptr) {
      errors->Add(api::Invalid(
          path.Child("selectableFields"), "",
          "selectableFields may only be set when version.schema.openAPIV3Schema is not included"));
    } else {
      ValidateSelectableFields(*selectable, schema, path.Child("selectableFields"), errors);
    }
  }
}

void ValidateValidation(const JsonValue* validation, bool status_enabled, const FieldPath& path,
                        api::ErrorList* errors) {
  if (validation == nullptr || !validation->IsObject()) return;
  const JsonValue* schema = Member(*validation, "openAPIV3Schema");
  if (schema == nullptr || !schema->IsObject()) return;
  ValidateOpenApiSchema(*schema, status_enabled, path.Child("openAPIV3Schema"), errors);
}

void ValidateSubresources(const JsonValue* subresources, const FieldPath& path,
                          api::ErrorList* errors) {
  if (subresources == nullptr || !subresources->IsObject()) return;
  const JsonValue* scale = Member(*subresources, "scale");
  if (scale == nullptr || !scale->IsObject()) return;
  ValidateReplicasPath(*scale, "specReplicasPath", ".spec", path, errors);
  ValidateReplicasPath(*scale, "statusReplicasPath", ".status", path, errors);
  std::string_view selector = StringAt(*scale, "labelSelectorPath");
  if (selector.empty()) return;
  FieldPath at = path.Child("scale.labelSelectorPath");
  api::ErrorList json_path;
  ValidateSimpleJsonPath(selector, at, &json_path);
  if (!json_path.empty()) {
    errors->Append(json_path);
  } else if (!selector.starts_with(".spec.") && !selector.starts_with(".status.")) {
    errors->Add(api::Invalid(at, selector, "should be a json path under either .spec or .status"));
  }
}

void ValidateColumn(const JsonValue& column, const FieldPath& path, api::ErrorList* errors) {
  static const std::set<std::string> kTypes = {"boolean", "date", "integer", "number", "string"};
  static const std::set<std::string> kFormats = {"byte",  "date",  "date-time", "double",
                                                 "float", "int32", "int64",     "password"};
  auto list = [](const std::set<std::string>& s) {
    std::string out;
    for (const std::string& v : s) out += (out.empty() ? "" : ",") + v;
    return out;
  };
  if (StringAt(column, "name").empty()) errors->Add(api::Required(path.Child("name"), ""));
  std::string type(StringAt(column, "type"));
  if (type.empty()) {
    errors->Add(api::Required(path.Child("type"), "must be one of " + list(kTypes)));
  } else if (kTypes.count(type) == 0) {
    errors->Add(api::Invalid(path.Child("type"), type, "must be one of " + list(kTypes)));
  }
  std::string format(StringAt(column, "format"));
  if (!format.empty() && kFormats.count(format) == 0) {
    errors->Add(api::Invalid(path.Child("format"), format, "must be one of " + list(kFormats)));
  }
  std::string_view json_path = StringAt(column, "jsonPath");
  if (json_path.empty()) {
    errors->Add(api::Required(path.Child("JSONPath"), ""));
  } else {
    ValidateSimpleJsonPath(json_path, path.Child("JSONPath"), errors);
  }
}

void ValidateSelectableFields(const JsonValue& fields, const JsonValue* schema,
                              const FieldPath& path, api::ErrorList* errors) {
  std::set<std::string> unique;
  for (rapidjson::SizeType i = 0; i < fields.Size(); ++i) {
    ValidateSelectableField(fields[i], schema, path.Index(i).Child("jsonPath"), &unique, errors);
  }
  if (unique.size() > kMaxSelectableFields) {
    errors->Add(api::TooMany(path, static_cast<int64_t>(unique.size()), kMaxSelectableFields));
  }
}

void ValidateConversion(const JsonValue* conversion, const FieldPath& path,
                        api::ErrorList* errors) {
  if (conversion == nullptr || !conversion->IsObject()) return;
  std::string_view strategy = StringAt(*conversion, "strategy");
  if (strategy.empty()) {
    errors->Add(api::Required(path.Child("strategy"), ""));
  } else if (strategy != "None" && strategy != "Webhook") {
    errors->Add(api::NotSupported(path.Child("strategy"), api::BadValue::String(strategy),
                                  {"None", "Webhook"}));
  }
  const JsonValue* client = Path(*conversion, "webhook.clientConfig");
  const JsonValue* reviews = Path(*conversion, "webhook.conversionReviewVersions");
  if (strategy == "Webhook") {
    if (client == nullptr || !client->IsObject()) {
      errors->Add(api::Required(path.Child("webhookClientConfig"),
                                "required when strategy is set to Webhook"));
    } else if ((Member(*client, "url") == nullptr) == (Member(*client, "service") == nullptr)) {
      errors->Add(api::Required(path.Child("webhookClientConfig"),
                                "exactly one of url or service is required"));
    }
    ValidateReviewVersions(reviews, path.Child("conversionReviewVersions"), errors);
    return;
  }
  if (client != nullptr) {
    errors->Add(api::Forbidden(path.Child("webhookClientConfig"),
                               "should not be set when strategy is not set to Webhook"));
  }
  if (reviews != nullptr && reviews->IsArray() && !reviews->Empty()) {
    errors->Add(api::Forbidden(path.Child("conversionReviewVersions"),
                               "should not be set when strategy is not set to Webhook"));
  }
}

void ValidateSimpleJsonPath(std::string_view value, const FieldPath& path, api::ErrorList* errors) {
  if (value.empty()) {
    errors->Add(api::Invalid(path, value, "must not be empty"));
  } else if (value[0] != '.') {
    errors->Add(api::Invalid(path, value, "must be a simple json path starting with ."));
  }
}

}  // namespace ekslite::apiserver::crd_validation

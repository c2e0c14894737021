// The structural-schema rules (what makes a schema "structural": every field
// typed outside of allOf/anyOf/oneOf/not, metadata restricted, ...) and the
// checks of `default` values, over the raw openAPIV3Schema JSON.
#include <algorithm>

#include "apiserver/crd/openapi_schema_internal.h"
#include "core/api/json_tree.h"
#include "core/schema/openapi_import.h"
#include "core/schema/value_render.h"
#include "core/schema/value_validation.h"

namespace ekslite::apiserver::crd_schema {
namespace {

using api::FieldPath;

enum class Level { kRoot, kItem, kField };

constexpr const char* kJunctors[] = {"allOf", "anyOf", "oneOf"};

std::string_view TypeOf(const JsonValue& s) { return StringAt(s, "type"); }

const JsonValue* Array(const JsonValue& s, std::string_view name) {
  const JsonValue* v = Member(s, name);
  return v != nullptr && v->IsArray() ? v : nullptr;
}

// `anyOf: [{type: integer}, {type: string}]` and nothing else in either.
bool IsIntOrStringAnyOf(const JsonValue* any_of) {
  if (any_of == nullptr || !any_of->IsArray() || any_of->Size() != 2) return false;
  const char* types[] = {"integer", "string"};
  for (rapidjson::SizeType i = 0; i < 2; ++i) {
    const JsonValue& b = (*any_of)[i];
    if (!b.IsObject() || b.MemberCount() != 1 || TypeOf(b) != types[i]) return false;
  }
  return true;
}

bool IsIntOrStringAllOf(const JsonValue& s) {
  const JsonValue* all_of = Array(s, "allOf");
  return Flag(s, "x-kubernetes-int-or-string") && all_of != nullptr && !all_of->Empty() &&
         (*all_of)[0].IsObject() && IsIntOrStringAnyOf(Array((*all_of)[0], "anyOf"));
}

// The checks of a schema nested in a junctor: it may only restrict values.
class NestedCheck {
 public:
  explicit NestedCheck(api::ErrorList* errors) : errors_(errors) {}

  void Junctors(const JsonValue& v, bool skip_any_of, bool skip_first_all_of_any_of,
                const FieldPath& path) {
    for (const char* j : kJunctors) {
      const JsonValue* list = Array(v, j);
      if (list == nullptr || (skip_any_of && std::string_view(j) == "anyOf")) continue;
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        bool skip = skip_first_all_of_any_of && i == 0 && std::string_view(j) == "allOf";
        if ((*list)[i].IsObject()) Nested((*list)[i], skip, path.Child(j));
      }
    }
    if (const JsonValue* n = Sub(v, "not")) Nested(*n, false, path.Child("not"));
  }

 private:
  void Nested(const JsonValue& v, bool skip_any_of, const FieldPath& path) {
    Junctors(v, skip_any_of, false, path);
    if (const JsonValue* items = Sub(v, "items")) Nested(*items, false, path.Child("items"));
    for (const auto* p : Sorted(Sub(v, "properties"))) {
      if (p->value.IsObject()) {
        Nested(p->value, false, path.Child("properties").Key(View(p->name)));
      }
    }
    auto forbid = [&](bool present, const char* name, const char* detail) {
      if (present) errors_->Add(api::Forbidden(path.Child(name), detail));
    };
    forbid(!TypeOf(v).empty(), "type", "must be empty to be structural");
    forbid(Member(v, "additionalProperties") != nullptr, "additionalProperties",
           "must be undefined to be structural");
    forbid(Member(v, "default") != nullptr, "default", "must be undefined to be structural");
    forbid(!StringAt(v, "title").empty(), "title", "must be empty to be structural");
    forbid(!StringAt(v, "description").empty(), "description", "must be empty to be structural");
    forbid(Flag(v, "nullable"), "nullable", "must be false to be structural");
    forbid(Flag(v, "x-kubernetes-preserve-unknown-fields"), "x-kubernetes-preserve-unknown-fields",
           "must be false to be structural");
    forbid(Flag(v, "x-kubernetes-embedded-resource"), "x-kubernetes-embedded-resource",
           "must be false to be structural");
    forbid(Flag(v, "x-kubernetes-int-or-string"), "x-kubernetes-int-or-string",
           "must be false to be structural");
    const JsonValue* keys = Array(v, "x-kubernetes-list-map-keys");
    forbid(keys != nullptr && !keys->Empty(), "x-kubernetes-list-map-keys",
           "must be empty to be structural");
    forbid(Member(v, "x-kubernetes-list-type") != nullptr, "x-kubernetes-list-type",
           "must be undefined to be structural");
    forbid(Member(v, "x-kubernetes-map-type") != nullptr, "x-kubernetes-map-type",
           "must be undefined to be structural");
    const JsonValue* props = Sub(v, "properties");
    if (props != nullptr && Member(*props, "metadata") != nullptr) {
      errors_->Add(api::Forbidden(path.Child("properties").Key("metadata"),
                                  "must not be specified in a nested context"));
    }
  }

  api::ErrorList* errors_;
};

// Root metadata may only restrict name and generateName.
void CheckRootMetadata(const JsonValue& meta, const FieldPath& path, api::ErrorList* errors) {
  const JsonValue* props = Sub(meta, "properties");
  size_t count = props != nullptr ? props->MemberCount() : 0;
  bool name = props != nullptr && Member(*props, "name") != nullptr;
  bool generate = props != nullptr && Member(*props, "generateName") != nullptr;
  bool props_ok =
      count == 0 || (name && generate && count == 2) || ((name || generate) && count == 1);
  bool others = false;
  for (const auto& m : meta.GetObject()) {
    std::string_view k = View(m.name);
    if (k == "type" || k == "default" || k == "properties") continue;
    // Go's zero values do not count.
    const JsonValue& v = m.value;
    bool zero = v.IsNull() || (v.IsBool() && !v.GetBool()) ||
                (v.IsString() && v.GetStringLength() == 0) || (v.IsArray() && v.Empty());
    others = others || !zero;
  }
  if (!props_ok || others) {
    errors->Add(api::Forbidden(path.Child("properties").Key("metadata"),
                               "must not specify anything other than name and generateName, but "
                               "metadata is implicitly specified"));
  }
}

void CheckTypeAndMeta(const JsonValue& s, Level level, const FieldPath& path,
                      api::ErrorList* errors) {
  bool embedded = Flag(s, "x-kubernetes-embedded-resource");
  bool int_or_string = Flag(s, "x-kubernetes-int-or-string");
  std::string_view type = TypeOf(s);
  if (embedded && type != "object") {
    const char* detail = "must be object if x-kubernetes-embedded-resource is true";
    if (type.empty()) {
      errors->Add(api::Required(path.Child("type"), detail));
    } else {
      errors->Add(api::Invalid(path.Child("type"), type, detail));
    }
  } else if (type.empty() && !embedded && !int_or_string) {
    const char* detail = level == Level::kRoot   ? "must not be empty at the root"
                         : level == Level::kItem ? "must not be empty for specified array items"
                                                 : "must not be empty for specified object fields";
    errors->Add(api::Required(path.Child("type"), detail));
  }
  if (embedded && Member(s, "additionalProperties") != nullptr) {
    errors->Add(api::Forbidden(path.Child("additionalProperties"),
                               "must not be used if x-kubernetes-embedded-resource is set"));
  }
  if (level == Level::kRoot && !type.empty() && type != "object") {
    errors->Add(api::Invalid(path.Child("type"), type, "must be object at the root"));
  }
  const JsonValue* props = Sub(s, "properties");
  if (props != nullptr && (level == Level::kRoot || embedded)) {
    FieldPath p = path.Child("properties");
    for (const char* name : {"kind", "apiVersion"}) {
      const JsonValue* f = Sub(*props, name);
      if (f != nullptr && TypeOf(*f) != "string") {
        errors->Add(api::Invalid(p.Key(name).Child("type"), TypeOf(*f), "must be string"));
      }
    }
    const JsonValue* meta = Sub(*props, "metadata");
    if (meta != nullptr && TypeOf(*meta) != "object") {
      errors->Add(api::Invalid(p.Key("metadata").Child("type"), TypeOf(*meta), "must be object"));
    }
    if (meta != nullptr && level == Level::kRoot) CheckRootMetadata(*meta, path, errors);
  }
  if (embedded && !Flag(s, "x-kubernetes-preserve-unknown-fields") &&
      (props == nullptr || props->ObjectEmpty())) {
    errors->Add(api::Required(path.Child("properties"),
                              "must not be empty if x-kubernetes-embedded-resource is true "
                              "without x-kubernetes-preserve-unknown-fields"));
  }
}

void Invariants(const JsonValue& s, Level level, const FieldPath& path, api::ErrorList* errors) {
  if (TypeOf(s) == "array" && Member(s, "items") == nullptr) {
    errors->Add(api::Required(path.Child("items"), "must be specified"));
  }
  if (const JsonValue* items = Sub(s, "items")) {
    Invariants(*items, Level::kItem, path.Child("items"), errors);
  }
  for (const auto* p : Sorted(Sub(s, "properties"))) {
    if (p->value.IsObject()) {
      Invariants(p->value, Level::kField, path.Child("properties").Key(View(p->name)), errors);
    }
  }
  if (Member(s, "additionalProperties") != nullptr) {
    if (level == Level::kRoot) {
      errors->Add(
          api::Forbidden(path.Child("additionalProperties"), "must not be used at the root"));
    }
    if (const JsonValue* ap = Sub(s, "additionalProperties")) {
      Invariants(*ap, Level::kField, path.Child("additionalProperties"), errors);
    }
  }
  bool int_or_string = Flag(s, "x-kubernetes-int-or-string");
  if (int_or_string && Flag(s, "x-kubernetes-preserve-unknown-fields")) {
    errors->Add(api::Invalid(path.Child("x-kubernetes-preserve-unknown-fields"),
                             api::BadValue::Bool(true),
                             "must be false if x-kubernetes-int-or-string is true"));
  }
  if (int_or_string && Flag(s, "x-kubernetes-embedded-resource")) {
    errors->Add(api::Invalid(path.Child("x-kubernetes-embedded-resource"),
                             api::BadValue::Bool(true),
                             "must be false if x-kubernetes-int-or-string is true"));
  }
  bool skip_any_of = int_or_string && IsIntOrStringAnyOf(Array(s, "anyOf"));
  NestedCheck(errors).Junctors(s, skip_any_of, IsIntOrStringAllOf(s), path);
  CheckTypeAndMeta(s, level, path, errors);
}

// Every field or array a junctor mentions must also be specified outside it.
void Completeness(const JsonValue& v, const JsonValue* s, const FieldPath& s_path,
                  const FieldPath& v_path, api::ErrorList* errors);

void NestedCompleteness(const JsonValue& v, const JsonValue* s, const FieldPath& s_path,
                        const FieldPath& v_path, api::ErrorList* errors) {
  if (s == nullptr) {
    errors->Add(api::Required(s_path, "because it is defined in " + v_path.String()));
    return;
  }
  Completeness(v, s, s_path, v_path, errors);
  if (const JsonValue* items = Sub(v, "items")) {
    NestedCompleteness(*items, Sub(*s, "items"), s_path.Child("items"), v_path.Child("items"),
                       errors);
  }
  const JsonValue* s_props = Sub(*s, "properties");
  for (const auto* p : Sorted(Sub(v, "properties"))) {
    if (!p->value.IsObject()) continue;
    std::string_view k = View(p->name);
    const JsonValue* s_field = s_props != nullptr ? Sub(*s_props, k) : nullptr;
    FieldPath sp = s_path.Child("properties").Key(k);
    FieldPath vp = v_path.Child("properties").Key(k);
    if (s_field == nullptr) {
      errors->Add(api::Required(sp, "because it is defined in " + vp.String()));
    } else {
      NestedCompleteness(p->value, s_field, sp, vp, errors);
    }
  }
}

void Completeness(const JsonValue& v, const JsonValue* s, const FieldPath& s_path,
                  const FieldPath& v_path, api::ErrorList* errors) {
  if (const JsonValue* n = Sub(v, "not")) {
    NestedCompleteness(*n, s, s_path, v_path.Child("not"), errors);
  }
  for (const char* j : kJunctors) {
    const JsonValue* list = Array(v, j);
    if (list == nullptr) continue;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      if ((*list)[i].IsObject()) {
        NestedCompleteness((*list)[i], s, s_path, v_path.Child(j).Index(i), errors);
      }
    }
  }
}

// Fields a value has that `schema` would prune (pruning.h's rules on the raw
// schema).
bool HasUnknownFields(const JsonValue& value, const JsonValue& schema, bool resource) {
  if (value.IsArray()) {
    const JsonValue* items = Sub(schema, "items");
    if (items == nullptr) return false;
    for (const JsonValue& e : value.GetArray()) {
      if (HasUnknownFields(e, *items, Flag(*items, "x-kubernetes-embedded-resource"))) return true;
    }
    return false;
  }
  if (!value.IsObject()) return false;
  const JsonValue* props = Sub(schema, "properties");
  const JsonValue* additional = Member(schema, "additionalProperties");
  bool preserve = Flag(schema, "x-kubernetes-preserve-unknown-fields");
  for (const auto& m : value.GetObject()) {
    std::string_view k = View(m.name);
    if (resource && (k == "apiVersion" || k == "kind" || k == "metadata")) continue;
    const JsonValue* field = props != nullptr ? Sub(*props, k) : nullptr;
    if (field == nullptr && additional != nullptr && additional->IsObject()) field = additional;
    if (field == nullptr) {
      if (preserve || (additional != nullptr && additional->IsBool() && additional->GetBool())) {
        continue;
      }
      return true;
    }
    if (HasUnknownFields(m.value, *field, Flag(*field, "x-kubernetes-embedded-resource"))) {
      return true;
    }
  }
  return false;
}

void CheckDefault(const JsonValue& s, const FieldPath& path, api::ErrorList* errors) {
  const JsonValue* def = Member(s, "default");
  if (def == nullptr || def->IsNull()) return;
  FieldPath at = path.Child("default");
  if (HasUnknownFields(*def, s, Flag(s, "x-kubernetes-embedded-resource"))) {
    errors->Add(api::Invalid(at, schema::BadValueOf(*def), "must not have unknown fields"));
  }
  auto field = schema::ImportOpenApiField(s, "default");
  if (!field.ok()) return;
  schema::ValidateFieldValue(*def, field->field, at, errors);
}

// Visits every structural node; defaults in the root's metadata, kind and
// apiVersion are the OpenAPI rules' concern (forbidden there).
void Defaults(const JsonValue& s, bool root, const FieldPath& path, api::ErrorList* errors) {
  if (!root) CheckDefault(s, path, errors);
  for (const auto* p : Sorted(Sub(s, "properties"))) {
    std::string_view k = View(p->name);
    if (!p->value.IsObject()) continue;
    if (root && (k == "metadata" || k == "kind" || k == "apiVersion")) continue;
    Defaults(p->value, false, path.Child("properties").Key(k), errors);
  }
  if (const JsonValue* items = Sub(s, "items"))
    Defaults(*items, false, path.Child("items"), errors);
  if (const JsonValue* ap = Sub(s, "additionalProperties")) {
    Defaults(*ap, false, path.Child("additionalProperties"), errors);
  }
}

}  // namespace

void ValidateStructural(const JsonValue& schema, const FieldPath& path, api::ErrorList* errors) {
  api::ErrorList found;
  Invariants(schema, Level::kRoot, path, &found);
  Completeness(schema, &schema, path, path, &found);
  std::vector<api::FieldError> sorted(found.begin(), found.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.ToString() < b.ToString(); });
  for (api::FieldError& e : sorted) errors->Add(std::move(e));
}

void ValidateDefaults(const JsonValue& schema, const FieldPath& path, api::ErrorList* errors) {
  Defaults(schema, true, path, errors);
}

}  // namespace ekslite::apiserver::crd_schema

#include "apiserver/crd/custom_resource_strategy.h"

#include <climits>

#include "core/api/field_errors.h"
#include "core/api/json_tree.h"
#include "core/schema/pruning.h"
#include "core/schema/structural_defaulting.h"
#include "core/schema/value_render.h"
#include "core/schema/value_validation.h"

namespace ekslite::apiserver {
namespace {

// The value at a CRD JSON path (".spec.replicas"), or null.
const JsonValue* AtJsonPath(const JsonValue& object, const std::string& path) {
  std::string_view rest = path;
  if (!rest.empty() && rest[0] == '.') rest.remove_prefix(1);
  return Path(object, rest);
}

std::string GoTypeOf(const JsonValue& v) {
  if (v.IsString()) return "string";
  if (v.IsBool()) return "bool";
  if (v.IsNumber()) return v.IsInt64() ? "int64" : "float64";
  if (v.IsArray()) return "[]interface {}";
  if (v.IsObject()) return "map[string]interface {}";
  return "<nil>";
}

// A replica count at `path`: an int64 in [0, MaxInt32] when present.
void ValidateReplicas(const JsonValue& object, const std::string& path, api::ErrorList* errors) {
  const JsonValue* v = AtJsonPath(object, path);
  if (v == nullptr || v->IsNull()) return;
  api::FieldPath at(path);
  if (!v->IsInt64()) {
    errors->Add(api::Invalid(at, api::BadValue::Int(0),
                             path + " accessor error: " + schema::GoSprint(*v) +
                                 " is of the type " + GoTypeOf(*v) + ", expected int64"));
  } else if (v->GetInt64() < 0) {
    errors->Add(
        api::Invalid(at, api::BadValue::Int(v->GetInt64()), "should be a non-negative integer"));
  } else if (v->GetInt64() > INT_MAX) {
    errors->Add(api::Invalid(at, api::BadValue::Int(v->GetInt64()),
                             "should be less than or equal to " + std::to_string(INT_MAX)));
  }
}

void ValidateScale(const JsonValue& object, const CrdScale& scale, api::ErrorList* errors) {
  ValidateReplicas(object, scale.spec_replicas_path, errors);
  ValidateReplicas(object, scale.status_replicas_path, errors);
  if (scale.label_selector_path.empty()) return;
  const JsonValue* v = AtJsonPath(object, scale.label_selector_path);
  if (v != nullptr && !v->IsString() && !v->IsNull()) {
    errors->Add(api::Invalid(api::FieldPath(scale.label_selector_path), api::BadValue::String(""),
                             scale.label_selector_path +
                                 " accessor error: " + schema::GoSprint(*v) + " is of the type " +
                                 GoTypeOf(*v) + ", expected string"));
  }
}

// Everything but metadata (and status when it is a subresource), for the
// generation.
bool ContentChanged(const JsonValue& a, const JsonValue& b, bool status_subresource) {
  auto ignored = [&](std::string_view k) {
    return k == "metadata" || (status_subresource && k == "status");
  };
  for (const auto& m : a.GetObject()) {
    if (ignored(View(m.name))) continue;
    const JsonValue* other = Member(b, View(m.name));
    if (other == nullptr || !api::JsonEqual(m.value, *other)) return true;
  }
  for (const auto& m : b.GetObject()) {
    if (!ignored(View(m.name)) && Member(a, View(m.name)) == nullptr) return true;
  }
  return false;
}

Status Terminating(const CustomResourceRules& rules) {
  StatusDetails d;
  d.group = rules.group;
  return Status(Code::kMethodNotAllowed,
                "create not allowed while custom resource definition is terminating", std::move(d));
}

}  // namespace

void DecodeCustomResource(Json& object, const CustomResourceRules& rules) {
  if (rules.message == nullptr || !object.IsObject()) return;
  schema::PruneCustomResource(object, *rules.message);
  schema::ApplyDefaults(object, *rules.message, object.GetAllocator());
}

Strategy CustomResourceStrategy(CustomResourceRules rules) {
  auto r = std::make_shared<const CustomResourceRules>(std::move(rules));
  Strategy s;
  s.prepare_for_create = [r](Json& object, const WriteContext&) -> Status {
    if (r->terminating && r->terminating->load()) return Terminating(*r);
    if (r->status_subresource) RemoveMember(object, "status");
    DecodeCustomResource(object, *r);
    return Status::Ok();
  };
  s.prepare_for_update = [r](Json& object, const JsonValue& old, const WriteContext&) -> Status {
    DecodeCustomResource(object, *r);
    int64_t generation = IntAt(old, "metadata.generation").value_or(0);
    if (ContentChanged(object, old, r->status_subresource)) ++generation;
    SetInt(EnsureObject(object, "metadata", object.GetAllocator()), "generation", generation,
           object.GetAllocator());
    return Status::Ok();
  };
  s.validate = [r](const JsonValue& object, const JsonValue*) -> Status {
    api::ErrorList errors;
    if (r->message != nullptr) schema::ValidateCustomResource(object, *r->message, &errors);
    if (r->scale) ValidateScale(object, *r->scale, &errors);
    if (errors.empty()) return Status::Ok();
    return api::ToInvalidStatus(r->kind, r->group, StringAt(object, "metadata.name"), errors);
  };
  return s;
}

}  // namespace ekslite::apiserver

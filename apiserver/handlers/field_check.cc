#include "apiserver/handlers/field_check.h"

#include <utility>
#include <vector>

#include "apiserver/handlers/body.h"
#include "core/log.h"
#include "core/schema/object_check.h"
#include "core/schema/object_check_duplicates.h"
#include "core/schema/object_check_yaml.h"
#include "core/schema/patch_body_check.h"
#include "core/schema/value_render.h"

namespace ekslite::apiserver {
namespace {

using schema::FieldValidation;

bool IsYaml(std::string_view media) {
  return media == "application/yaml" || media == "application/x-yaml" || media == "text/yaml";
}

// Replaces the warnings after `base` with `warnings` (Warn only).
void SetWarnings(const RequestScope& scope, size_t base, const std::vector<std::string>& warnings) {
  scope.warnings.resize(base);
  scope.warnings.insert(scope.warnings.end(), warnings.begin(), warnings.end());
}

// Logs a request whose body had problems: a rejected write, or the first
// warning (internal clients writing fields the schema lacks show up here).
void LogOutcome(const RequestScope& scope, const schema::CheckResult& result) {
  if (result.error.ok() && result.warnings.empty()) return;
  Logger("apiserver")
      ->debug("field validation: {} {} {}/{}: {}", scope.info.verb, scope.resource.resource,
              scope.info.namespace_, scope.info.name,
              result.error.ok() ? result.warnings.front() : result.error.message());
}

// Checks `object` against the resource's schema: typed decoding for built-in
// kinds, pruning for custom resources.
schema::DecodeProblems CheckAgainstSchema(const RequestScope& scope, const schema::Message& message,
                                          Json& object, const schema::CheckOptions& options) {
  if (scope.resource.custom_schema != nullptr) {
    return schema::CheckCustomResource(message, object, options);
  }
  return schema::CheckObject(message, object, object.GetAllocator(), options);
}

void Prepend(std::vector<std::string> first, std::vector<std::string>* rest) {
  first.insert(first.end(), std::make_move_iterator(rest->begin()),
               std::make_move_iterator(rest->end()));
  *rest = std::move(first);
}

// "apps/v1" -> "v1"; "" -> `fallback`.
std::string_view VersionOf(std::string_view api_version, std::string_view fallback) {
  if (api_version.empty()) return fallback;
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
}

// `path` as upstream's typed-value paths print it: ".spec.ports[name=\"http\"]"
// for `spec.ports[0]` when that element of `config` has a name.
std::string TypedPath(const JsonValue& config, std::string_view path) {
  std::string out;
  const JsonValue* at = &config;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) close = path.size() - 1;
      std::string_view index = path.substr(i + 1, close - i - 1);
      size_t n = 0;
      for (char c : index) n = n * 10 + static_cast<size_t>(c - '0');
      const JsonValue* element = at != nullptr && at->IsArray() && n < at->Size() ? &(*at)[n] : nullptr;
      const JsonValue* name = element != nullptr && element->IsObject() ? Member(*element, "name") : nullptr;
      if (name != nullptr && name->IsString()) {
        out += "[name=\"" + std::string(name->GetString(), name->GetStringLength()) + "\"]";
      } else {
        out += "[" + std::string(index) + "]";
      }
      at = element;
      i = close + 1;
      continue;
    }
    if (path[i] == '.') ++i;
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view key = path.substr(i, end - i);
    out += ".";
    out += key;
    at = at != nullptr && at->IsObject() ? Member(*at, key) : nullptr;
    i = end;
  }
  return out;
}

// The typed path of the value a Go decode error names by its indexless
// struct path ("spec.template.spec.containers.image"): the first place in
// `at` where following `keys` (through lists' elements) reaches a value of
// JSON kind `got` (string, number, bool, object, array). Appends the path
// to `*out` and returns the value, or nullptr.
std::string_view JsonKind(const JsonValue& v) {
  if (v.IsString()) return "string";
  if (v.IsNumber()) return "number";
  if (v.IsBool()) return "bool";
  if (v.IsObject()) return "object";
  if (v.IsArray()) return "array";
  return "null";
}

const JsonValue* FindTyped(const JsonValue& at, const std::vector<std::string_view>& keys,
                           size_t next, std::string_view got, std::string* out) {
  if (next == keys.size()) return JsonKind(at) == got ? &at : nullptr;
  if (at.IsArray()) {
    for (rapidjson::SizeType i = 0; i < at.Size(); ++i) {
      std::string step;
      const JsonValue* name = at[i].IsObject() ? Member(at[i], "name") : nullptr;
      if (name != nullptr && name->IsString()) {
        step = "[name=\"" + std::string(View(*name)) + "\"]";
      } else {
        step = "[" + std::to_string(i) + "]";
      }
      std::string rest;
      if (const JsonValue* found = FindTyped(at[i], keys, next, got, &rest)) {
        *out += step + rest;
        return found;
      }
    }
    return nullptr;
  }
  const JsonValue* member = Member(at, keys[next]);
  if (member == nullptr) return nullptr;
  std::string rest = "." + std::string(keys[next]);
  const JsonValue* found = FindTyped(*member, keys, next + 1, got, &rest);
  if (found != nullptr) *out += rest;
  return found;
}

// Go's %T of a JSON value decoded into interface{}.
std::string_view GoTypeOf(std::string_view json_kind) {
  if (json_kind == "number") return "float64";
  if (json_kind == "object") return "map[string]interface {}";
  if (json_kind == "array") return "[]interface {}";
  return json_kind;  // string, bool
}

// The typed-value error for a decode error of upstream's JSON decoder
// ("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.
// replicas of type int32"): ".spec.replicas: expected numeric (int or
// float), got string". "" when the error is not a scalar mismatch.
std::string TypedScalarError(const JsonValue& config, std::string_view error) {
  constexpr std::string_view kHead = "json: cannot unmarshal ";
  constexpr std::string_view kField = " into Go struct field ";
  constexpr std::string_view kOfType = " of type ";
  if (error.rfind(kHead, 0) != 0) return "";
  size_t field = error.find(kField);
  size_t of_type = error.rfind(kOfType);
  if (field == std::string_view::npos || of_type == std::string_view::npos || of_type < field) {
    return "";
  }
  std::string_view got = error.substr(kHead.size(), field - kHead.size());
  std::string_view qualified = error.substr(field + kField.size(), of_type - field - kField.size());
  std::string_view type = error.substr(of_type + kOfType.size());
  size_t dot = qualified.find('.');
  if (dot == std::string_view::npos) return "";
  std::vector<std::string_view> keys;
  for (std::string_view rest = qualified.substr(dot + 1); !rest.empty();) {
    size_t next = rest.find('.');
    keys.push_back(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
  }
  std::string path;
  const JsonValue* value = FindTyped(config, keys, 0, got, &path);
  if (value == nullptr) return "";
  bool numeric = type.find("int") != std::string_view::npos || type.find("float") != std::string_view::npos;
  if (numeric) return path + ": expected numeric (int or float), got " + std::string(GoTypeOf(got));
  if (type == "string" || type == "bool") {
    std::string shown = value->IsObject() || value->IsArray() ? std::string(GoTypeOf(got))
                                                              : ToJsonString(*value);
    if (type == "string") return path + ": expected string, got &value.valueUnstructured{Value:" + shown + "}";
    return path + ": expected boolean, got &{" + shown + "}";
  }
  return "";
}

}  // namespace

Status CheckApplyConfigTyped(const RequestScope& scope, const JsonValue& config) {
  const schema::Message* message = scope.resource.Message();
  if (message == nullptr || scope.resource.custom_schema != nullptr) return Status::Ok();
  Json copy;
  copy.CopyFrom(config, copy.GetAllocator());
  schema::CheckOptions options;
  options.validation = FieldValidation::kStrict;
  schema::DecodeProblems problems = schema::CheckObject(*message, copy, copy.GetAllocator(), options);
  std::vector<std::string> errors;
  if (std::string typed = TypedScalarError(config, problems.error); !typed.empty()) {
    errors.push_back(std::move(typed));
  }
  constexpr std::string_view kUnknown = "unknown field \"";
  for (const std::string& strict : problems.strict_errors) {
    if (strict.rfind(kUnknown, 0) != 0 || strict.size() <= kUnknown.size()) continue;
    std::string_view path(strict);
    path = path.substr(kUnknown.size(), path.size() - kUnknown.size() - 1);
    errors.push_back(TypedPath(config, path) + ": field not declared in schema");
  }
  if (errors.empty()) return Status::Ok();
  std::string detail = errors.front();
  if (errors.size() > 1) {
    detail = "errors:";
    for (const std::string& e : errors) detail += "\n  " + e;
  }
  const ResourceInfo& r = scope.resource;
  std::string gvk = r.group + "/" + r.version + ", Kind=" + r.kind;
  return Status::Internal("failed to create typed patch object (" +
                          std::string(StringAt(config, "metadata.namespace")) + "/" +
                          std::string(StringAt(config, "metadata.name")) + "; " + gvk + "): " + detail);
}

FieldValidation FieldValidationOf(const RequestScope& scope) {
  return schema::FieldValidationOrDefault(scope.info.query.GetOr("fieldValidation", ""));
}

Status CheckObjectBody(const RequestScope& scope, Json& object) {
  const schema::Message* message = scope.resource.Message();
  std::string media = MediaType(scope.request);
  if (message == nullptr || !object.IsObject() || media == "application/vnd.kubernetes.protobuf") {
    return Status::Ok();
  }
  FieldValidation mode = FieldValidationOf(scope);
  const std::string& body = scope.request.body();
  schema::CheckOptions options;
  options.validation = mode;
  std::string yaml_error;
  if (IsYaml(media)) {
    options.sorted_keys = true;  // YAML reaches the decoder as JSON with sorted keys
    if (mode != FieldValidation::kIgnore) yaml_error = schema::YamlDuplicateKeyError(body);
  } else {
    options.raw_json = body;
  }
  schema::DecodeProblems problems = CheckAgainstSchema(scope, *message, object, options);
  if (!yaml_error.empty()) Prepend({std::move(yaml_error)}, &problems.strict_errors);
  const ResourceInfo& r = scope.resource;
  std::string_view kind = StringAt(object, "kind");
  schema::BodyContext context{kind.empty() ? std::string_view(r.kind) : kind,
                              VersionOf(StringAt(object, "apiVersion"), r.version), r.kind, body};
  schema::CheckResult result = schema::BodyResult(problems, mode, context);
  LogOutcome(scope, result);
  if (!result.error.ok()) return result.error;
  SetWarnings(scope, scope.warnings.size(), result.warnings);
  return Status::Ok();
}

PatchFieldCheck::PatchFieldCheck(const RequestScope& scope, Kind kind, const JsonValue& patch)
    : scope_(scope),
      kind_(kind),
      mode_(FieldValidationOf(scope)),
      warnings_base_(scope.warnings.size()) {
  if (kind == Kind::kStrategic) patch_rendering_ = schema::GoSprint(patch);
  if (mode_ == FieldValidation::kIgnore) return;
  const std::string& body = scope.request.body();
  if (kind == Kind::kJson) {
    schema::DecodeProblems ops = schema::JsonPatchOpProblems(patch, body);
    body_error_ = std::move(ops.error);
    body_strict_ = std::move(ops.strict_errors);
  } else {
    body_strict_ = schema::UntypedDuplicateErrors(body);
  }
}

Status PatchFieldCheck::BodyError() const {
  if (body_error_.empty()) return Status::Ok();
  return Status::BadRequest("error decoding patch: " + body_error_);
}

Status PatchFieldCheck::Check(Json& patched) const {
  const schema::Message* message = scope_.resource.Message();
  if (message == nullptr || !patched.IsObject()) return Status::Ok();
  schema::CheckOptions options;
  options.validation = mode_;
  // JSON and merge patches hand the decoder JSON with sorted keys; strategic
  // merge patches go through the unstructured converter.
  options.sorted_keys = kind_ != Kind::kStrategic;
  if (kind_ == Kind::kStrategic) options.style = schema::DecodeStyle::kUnstructured;
  std::string rendering = kind_ == Kind::kStrategic ? patch_rendering_ : ToJsonString(patched);
  schema::DecodeProblems problems = CheckAgainstSchema(scope_, *message, patched, options);
  Prepend(body_strict_, &problems.strict_errors);
  schema::CheckResult result = schema::PatchResult(problems, mode_, rendering);
  LogOutcome(scope_, result);
  if (!result.error.ok()) return result.error;
  SetWarnings(scope_, warnings_base_, result.warnings);
  return Status::Ok();
}

ApplyFieldCheck::ApplyFieldCheck(const RequestScope& scope, bool body_is_json)
    : scope_(scope), mode_(FieldValidationOf(scope)), warnings_base_(scope.warnings.size()) {
  if (mode_ == FieldValidation::kIgnore) return;
  const std::string& body = scope.request.body();
  if (body_is_json && schema::FindDuplicateKeys(body).empty()) return;
  yaml_error_ = schema::YamlDuplicateKeyError(body);
}

Status ApplyFieldCheck::Check() const {
  if (yaml_error_.empty()) return Status::Ok();
  std::string error = "error converting YAML to JSON: " + yaml_error_;
  if (mode_ == FieldValidation::kStrict) {
    return Status::BadRequest("error strict decoding YAML: " + error);
  }
  SetWarnings(scope_, warnings_base_, schema::StrictWarnings({error}));
  return Status::Ok();
}

}  // namespace ekslite::apiserver

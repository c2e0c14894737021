#include "apiserver/handlers/field_check.h"

#include <utility>

#include "apiserver/handlers/body.h"
#include "core/log.h"
#include "core/schema/object_check.h"
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

}  // namespace

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

ApplyFieldCheck::ApplyFieldCheck(const RequestScope& scope)
    : scope_(scope), mode_(FieldValidationOf(scope)), warnings_base_(scope.warnings.size()) {
  if (mode_ != FieldValidation::kIgnore) {
    yaml_error_ = schema::YamlDuplicateKeyError(scope.request.body());
  }
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

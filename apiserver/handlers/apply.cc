// Server-side apply: PATCH with application/apply-patch+yaml
// (kubectl apply --server-side, helm 4, client libraries' apply).
#include <memory>

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/field_check.h"
#include "apiserver/handlers/patch.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/registry/managed_fields_tracking.h"
#include "apiserver/response.h"
#include "core/api/field_errors.h"
#include "core/api/json_tree.h"
#include "core/fieldmanager/field_manager.h"
#include "core/yaml.h"

namespace ekslite::apiserver {
namespace {

// PatchOptions.force, read as Go's strconv.ParseBool reads it.
StatusOr<bool> Force(const Query& query) {
  auto v = query.Get("force");
  if (!v) return false;
  if (*v == "1" || *v == "t" || *v == "T" || *v == "true" || *v == "TRUE" || *v == "True") {
    return true;
  }
  if (*v == "0" || *v == "f" || *v == "F" || *v == "false" || *v == "FALSE" || *v == "False") {
    return false;
  }
  return Status::BadRequest("strconv.ParseBool: parsing \"" + *v + "\": invalid syntax");
}

Status RequireFieldManager(const RequestScope& scope) {
  if (!scope.info.query.GetOr("fieldManager", "").empty()) return Status::Ok();
  api::ErrorList errors;
  errors.Add(api::Required(api::FieldPath("fieldManager"), "is required for apply patch"));
  return api::ToInvalidStatus("PatchOptions", "meta.k8s.io", "", errors);
}

// A YAML document; JSON (what kubectl and most clients send) is read as JSON
// directly, which is the same value and much cheaper.
// `*is_json` tells which it was.
StatusOr<Json> ParseYamlBody(std::string_view body, bool* is_json) {
  size_t first = body.find_first_not_of(" \t\r\n");
  *is_json = false;
  if (first != std::string_view::npos && body[first] == '{') {
    auto json = api::ParseUntrustedJson(body);
    *is_json = json.ok();
    if (json.ok()) return json;
  }
  return YamlToJson(body);
}

// The apply configuration: a YAML (or JSON) object of the served kind.
StatusOr<Json> DecodeConfig(const RequestScope& scope, bool* is_json) {
  auto config = ParseYamlBody(scope.request.body(), is_json);
  if (!config.ok()) return Status::BadRequest("error decoding YAML: " + config.status().message());
  if (!config->IsObject()) {
    return Status::BadRequest(
        "error decoding YAML: json: cannot unmarshal non-object into Go value of type "
        "map[string]interface {}");
  }
  const ResourceInfo& r = scope.resource;
  std::string_view api_version = StringAt(*config, "apiVersion");
  std::string_view kind = StringAt(*config, "kind");
  if (api_version != r.ApiVersion() || kind != r.kind) {
    size_t slash = api_version.find('/');
    std::string gv = slash == std::string_view::npos ? "/" + std::string(api_version)
                                                     : std::string(api_version);
    return Status::BadRequest("invalid object type: " + gv + ", Kind=" + std::string(kind));
  }
  std::string_view name = StringAt(*config, "metadata.name");
  if (!name.empty() && name != scope.info.name) {
    return Status::BadRequest("the name of the object (" + std::string(name) +
                              ") does not match the name on the URL (" + scope.info.name + ")");
  }
  if (name.empty()) {
    SetString(EnsureObject(*config, "metadata", config->GetAllocator()), "name", scope.info.name,
              config->GetAllocator());
  }
  return config;
}

StatusOr<WriteResult> CreateByApply(const RequestScope& scope, const Json& config,
                                    const fieldmanager::Operation& op, bool force,
                                    const WriteOptions& options, const ApplyFieldCheck& check) {
  EKS_ASSIGN_OR_RETURN(Json applied, fieldmanager::Apply(nullptr, config, op, force));
  EKS_RETURN_IF_ERROR(check.Check());
  return scope.registry.Create(StoredResource(scope), scope.info.namespace_,
                               ToStored(scope, std::move(applied)), options);
}

}  // namespace

http::Response HandleApply(const RequestScope& scope) {
  if (Status s = RequireFieldManager(scope); !s.ok()) return StatusResponse(s);
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  auto force = Force(scope.info.query);
  if (!force.ok()) return StatusResponse(force.status());
  bool is_json = false;
  auto config = DecodeConfig(scope, &is_json);
  if (!config.ok()) return StatusResponse(config.status());
  if (Status typed = CheckApplyConfigTyped(scope, *config); !typed.ok()) {
    return StatusResponse(typed);
  }
  WriteOptions options = begin->options;
  options.server_side_apply = true;
  fieldmanager::Operation op = ManagedFieldsOperation(
      scope.resource, options.field_manager, scope.info.subresource, scope.registry.clock().Now());
  auto shared = std::make_shared<Json>(std::move(*config));
  auto check = std::make_shared<ApplyFieldCheck>(scope, is_json);
  Mutation apply = [shared, op, force = *force, check](Json& object) -> Status {
    EKS_ASSIGN_OR_RETURN(Json applied, fieldmanager::Apply(&object, *shared, op, force));
    EKS_RETURN_IF_ERROR(check->Check());
    object = std::move(applied);
    return Status::Ok();
  };
  const ResourceInfo& stored = StoredResource(scope);
  for (int attempt = 0;; ++attempt) {
    auto result = scope.registry.Mutate(stored, scope.info.namespace_, scope.info.name,
                                        InServedVersion(scope, apply), options);
    bool missing = !result.ok() && result.status().IsNotFound() && scope.info.subresource.empty();
    if (!missing) {
      if (!result.ok()) return StatusResponse(result.status());
      return ObjectResponse(scope, begin->output, result->json, 200);
    }
    // Apply creates what does not exist yet.
    auto created = CreateByApply(scope, *shared, op, *force, options, *check);
    if (created.ok()) return ObjectResponse(scope, begin->output, created->json, 201);
    if (!created.status().IsAlreadyExists() || attempt >= 2) {
      return StatusResponse(created.status());
    }
  }
}

}  // namespace ekslite::apiserver

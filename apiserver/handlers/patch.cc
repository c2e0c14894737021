#include "apiserver/handlers/patch.h"

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/field_check.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"
#include "core/api/field_errors.h"
#include "core/api/json_patch.h"
#include "core/api/json_tree.h"
#include "core/api/merge_patch.h"
#include "core/api/strategic_merge_patch.h"

namespace ekslite::apiserver {
namespace {

constexpr std::string_view kApplyPatch = "application/apply-patch+yaml";

// The 415 for a patch type the resource does not take, listing the ones it
// does in upstream's order; custom resources take no strategic merge patch.
Status UnsupportedPatchType(const RequestScope& scope) {
  std::string accepted = "application/json-patch+json, application/merge-patch+json, ";
  if (scope.resource.custom_schema == nullptr) {
    accepted += "application/strategic-merge-patch+json, ";
  }
  accepted += "application/apply-patch+yaml";
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: " +
      accepted);
}

// PatchOptions rules: `force` belongs to apply patches only.
Status ValidatePatchOptions(const RequestScope& scope) {
  if (!scope.info.query.Get("force")) return Status::Ok();
  api::ErrorList errors;
  errors.Add(api::Forbidden(api::FieldPath("force"), "may not be specified for non-apply patch"));
  return api::ToInvalidStatus("PatchOptions", "meta.k8s.io", "", errors);
}

// The field validation of a JSON patch reads the body as untyped JSON (the
// parsed JsonPatch keeps no unknown members).
std::shared_ptr<PatchFieldCheck> JsonPatchCheck(const RequestScope& scope) {
  auto parsed = api::ParseUntrustedJson(scope.request.body());
  Json empty;
  return std::make_shared<PatchFieldCheck>(scope, PatchFieldCheck::Kind::kJson,
                                           parsed.ok() ? *parsed : empty);
}

StatusOr<Mutation> MutationFor(const RequestScope& scope) {
  std::string media = MediaType(scope.request);
  const std::string& body = scope.request.body();
  bool strict = scope.info.query.GetOr("fieldValidation", "Strict") != "Ignore";
  if (media == "application/json-patch+json") {
    auto check = JsonPatchCheck(scope);
    EKS_RETURN_IF_ERROR(check->BodyError());
    EKS_ASSIGN_OR_RETURN(api::JsonPatch patch, api::ParseJsonPatch(body));
    auto shared = std::make_shared<api::JsonPatch>(std::move(patch));
    return Mutation([shared, check](Json& object) {
      EKS_RETURN_IF_ERROR(shared->Apply(&object));
      return check->Check(object);
    });
  }
  if (media == "application/merge-patch+json") {
    EKS_ASSIGN_OR_RETURN(Json patch, api::ParseMergePatch(body, strict));
    auto shared = std::make_shared<Json>(std::move(patch));
    auto check = std::make_shared<PatchFieldCheck>(scope, PatchFieldCheck::Kind::kMerge, *shared);
    return Mutation([shared, check](Json& object) {
      api::ApplyMergePatch(object, *shared, object.GetAllocator());
      return check->Check(object);
    });
  }
  if (media == "application/strategic-merge-patch+json" &&
      scope.resource.custom_schema == nullptr) {
    EKS_ASSIGN_OR_RETURN(Json patch, api::ParseStrategicMergePatch(body));
    auto shared = std::make_shared<Json>(std::move(patch));
    const schema::Message* message = scope.resource.Message();
    auto check =
        std::make_shared<PatchFieldCheck>(scope, PatchFieldCheck::Kind::kStrategic, *shared);
    return Mutation([shared, message, check](Json& object) {
      EKS_RETURN_IF_ERROR(
          api::ApplyStrategicMergePatch(object, *shared, message, object.GetAllocator()));
      return check->Check(object);
    });
  }
  return UnsupportedPatchType(scope);
}

}  // namespace

Mutation InServedVersion(const RequestScope& scope, Mutation mutation) {
  if (!scope.resource.to_storage) return mutation;
  return [&scope, mutation = std::move(mutation)](Json& stored) -> Status {
    Json view = scope.resource.from_storage(stored);
    EKS_RETURN_IF_ERROR(mutation(view));
    stored = ToStored(scope, std::move(view));
    return Status::Ok();
  };
}

http::Response HandlePatch(const RequestScope& scope) {
  if (MediaType(scope.request) == kApplyPatch) return HandleApply(scope);
  if (Status s = ValidatePatchOptions(scope); !s.ok()) return StatusResponse(s);
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  auto mutation = MutationFor(scope);
  if (!mutation.ok()) return StatusResponse(mutation.status());
  auto result = scope.registry.Mutate(StoredResource(scope), scope.info.namespace_, scope.info.name,
                                      InServedVersion(scope, *mutation), begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, begin->output, result->json, 200);
}

}  // namespace ekslite::apiserver

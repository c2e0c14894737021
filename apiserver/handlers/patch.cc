#include "apiserver/handlers/body.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"
#include "core/api/json_patch.h"
#include "core/api/merge_patch.h"

namespace ekslite::apiserver {
namespace {

Status UnsupportedPatchType() {
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, "
      "application/apply-patch+yaml, application/strategic-merge-patch+json");
}

// Strategic merge patch directives ($patch, $setElementOrder/..., ...) are
// not understood yet: they are dropped and the rest merges like a merge
// patch.
void DropDirectives(JsonValue& patch) {
  if (patch.IsObject()) {
    for (auto it = patch.MemberBegin(); it != patch.MemberEnd();) {
      if (View(it->name).rfind("$", 0) == 0) {
        it = patch.EraseMember(it);
      } else {
        DropDirectives(it->value);
        ++it;
      }
    }
  } else if (patch.IsArray()) {
    for (JsonValue& v : patch.GetArray()) DropDirectives(v);
  }
}

StatusOr<Mutation> MutationFor(const RequestScope& scope) {
  std::string media = MediaType(scope.request);
  const std::string& body = scope.request.body();
  bool strict = scope.info.query.GetOr("fieldValidation", "Strict") != "Ignore";
  if (media == "application/json-patch+json") {
    EKS_ASSIGN_OR_RETURN(api::JsonPatch patch, api::ParseJsonPatch(body));
    auto shared = std::make_shared<api::JsonPatch>(std::move(patch));
    return Mutation([shared](Json& object) { return shared->Apply(&object); });
  }
  if (media == "application/merge-patch+json" ||
      media == "application/strategic-merge-patch+json") {
    EKS_ASSIGN_OR_RETURN(Json patch, api::ParseMergePatch(body, strict));
    if (media == "application/strategic-merge-patch+json") DropDirectives(patch);
    auto shared = std::make_shared<Json>(std::move(patch));
    return Mutation([shared](Json& object) {
      api::ApplyMergePatch(object, *shared, object.GetAllocator());
      return Status::Ok();
    });
  }
  return UnsupportedPatchType();
}

}  // namespace

http::Response HandlePatch(const RequestScope& scope) {
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  auto mutation = MutationFor(scope);
  if (!mutation.ok()) return StatusResponse(mutation.status());
  // Patches apply to the object in the served version.
  Mutation served = *mutation;
  if (scope.resource.to_storage) {
    served = [&scope, patch = *mutation](Json& stored) -> Status {
      Json view = scope.resource.from_storage(stored);
      EKS_RETURN_IF_ERROR(patch(view));
      stored = ToStored(scope, std::move(view));
      return Status::Ok();
    };
  }
  auto result = scope.registry.Mutate(StoredResource(scope), scope.info.namespace_, scope.info.name,
                                      served, begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, begin->output, result->json, 200);
}

}  // namespace ekslite::apiserver

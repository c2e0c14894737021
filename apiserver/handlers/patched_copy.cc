#include "apiserver/handlers/patched_copy.h"

#include "apiserver/handlers/body.h"
#include "core/api/json_patch.h"
#include "core/api/merge_patch.h"

namespace ekslite::apiserver {

StatusOr<Json> PatchedCopy(const RequestScope& scope, const JsonValue& target) {
  std::string media = MediaType(scope.request);
  Json out;
  out.CopyFrom(target, out.GetAllocator());
  const std::string& body = scope.request.body();
  if (media == "application/json-patch+json") {
    EKS_ASSIGN_OR_RETURN(api::JsonPatch patch, api::ParseJsonPatch(body));
    EKS_RETURN_IF_ERROR(patch.Apply(&out));
    return out;
  }
  if (media == "application/merge-patch+json" ||
      media == "application/strategic-merge-patch+json") {
    bool strict = scope.info.query.GetOr("fieldValidation", "Strict") != "Ignore";
    EKS_ASSIGN_OR_RETURN(Json patch, api::ParseMergePatch(body, strict));
    api::ApplyMergePatch(out, patch, out.GetAllocator());
    return out;
  }
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, "
      "application/strategic-merge-patch+json");
}

}  // namespace ekslite::apiserver

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/output.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

http::Response HandleCreate(const RequestScope& scope) {
  auto output = NegotiateOutput(scope);
  if (!output.ok()) return StatusResponse(output.status());
  auto options = DecodeWriteOptions(scope);
  if (!options.ok()) return StatusResponse(options.status());
  auto object = DecodeObjectBody(scope);
  if (!object.ok()) return StatusResponse(object.status());
  if (std::string_view rv = StringAt(*object, "metadata.resourceVersion"); !rv.empty()) {
    return StatusResponse(
        Status::BadRequest("resourceVersion should not be set on objects to be created"));
  }
  auto result =
      scope.registry.Create(scope.resource, scope.info.namespace_, std::move(*object), *options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, *output, result->json, 201);
}

}  // namespace ekslite::apiserver

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/field_check.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

http::Response HandleCreate(const RequestScope& scope) {
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  auto object = DecodeObjectBody(scope);
  if (!object.ok()) return StatusResponse(object.status());
  if (Status s = CheckObjectBody(scope, *object); !s.ok()) return StatusResponse(s);
  if (!StringAt(*object, "metadata.resourceVersion").empty()) {
    return StatusResponse(
        Status::BadRequest("resourceVersion should not be set on objects to be created"));
  }
  auto result = scope.registry.Create(StoredResource(scope), scope.info.namespace_,
                                      ToStored(scope, std::move(*object)), begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, begin->output, result->json, 201);
}

}  // namespace ekslite::apiserver

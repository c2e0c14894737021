#include "apiserver/handlers/body.h"
#include "apiserver/handlers/field_check.h"
#include "apiserver/handlers/preamble.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

http::Response HandleUpdate(const RequestScope& scope) {
  auto begin = BeginWrite(scope);
  if (!begin.ok()) return StatusResponse(begin.status());
  auto object = DecodeObjectBody(scope);
  if (!object.ok()) return StatusResponse(object.status());
  if (Status s = CheckObjectBody(scope, *object); !s.ok()) return StatusResponse(s);
  auto result = scope.registry.Update(StoredResource(scope), scope.info.namespace_, scope.info.name,
                                      ToStored(scope, std::move(*object)), begin->options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, begin->output, result->json, result->created ? 201 : 200);
}

}  // namespace ekslite::apiserver

#include "apiserver/handlers/body.h"
#include "apiserver/handlers/output.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

http::Response HandleUpdate(const RequestScope& scope) {
  auto output = NegotiateOutput(scope);
  if (!output.ok()) return StatusResponse(output.status());
  auto options = DecodeWriteOptions(scope);
  if (!options.ok()) return StatusResponse(options.status());
  auto object = DecodeObjectBody(scope);
  if (!object.ok()) return StatusResponse(object.status());
  auto result = scope.registry.Update(scope.resource, scope.info.namespace_, scope.info.name,
                                      std::move(*object), *options);
  if (!result.ok()) return StatusResponse(result.status());
  return ObjectResponse(scope, *output, result->json, result->created ? 201 : 200);
}

}  // namespace ekslite::apiserver

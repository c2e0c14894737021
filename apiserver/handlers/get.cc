#include "apiserver/handlers/output.h"
#include "apiserver/handlers/scope.h"
#include "apiserver/response.h"

namespace ekslite::apiserver {

http::Response HandleGet(const RequestScope& scope) {
  auto output = NegotiateOutput(scope);
  if (!output.ok()) return StatusResponse(output.status());
  auto obj = scope.registry.Get(scope.resource, scope.info.namespace_, scope.info.name);
  if (!obj.ok()) return StatusResponse(obj.status());
  return ObjectResponse(scope, *output, (*obj)->json, 200);
}

}  // namespace ekslite::apiserver

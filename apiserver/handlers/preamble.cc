#include "apiserver/handlers/preamble.h"

#include "apiserver/handlers/body.h"

namespace ekslite::apiserver {

StatusOr<WritePreamble> BeginWrite(const RequestScope& scope) {
  WritePreamble out;
  EKS_ASSIGN_OR_RETURN(out.output, NegotiateOutput(scope));
  EKS_ASSIGN_OR_RETURN(out.options, DecodeWriteOptions(scope));
  return out;
}

StatusOr<CollectionPreamble> BeginCollectionRead(const RequestScope& scope) {
  CollectionPreamble out;
  EKS_ASSIGN_OR_RETURN(out.output, NegotiateOutput(scope));
  EKS_ASSIGN_OR_RETURN(out.selection, SelectionFor(scope));
  out.cache = scope.registry.CacheFor(scope.resource);
  if (out.cache == nullptr) return Status::Internal("no cache for this resource");
  return out;
}

}  // namespace ekslite::apiserver

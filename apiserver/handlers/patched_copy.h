// Applying a PATCH request's body to an object a subresource handler serves
// (a Scale, a CertificateSigningRequest's approval), outside the registry's
// generic patch path.
#ifndef EKSLITE_APISERVER_HANDLERS_PATCHED_COPY_H_
#define EKSLITE_APISERVER_HANDLERS_PATCHED_COPY_H_

#include "apiserver/handlers/scope.h"
#include "core/json.h"
#include "core/status.h"

namespace ekslite::apiserver {

// A copy of `target` with the request's patch applied: a JSON patch, a merge
// patch, or a strategic merge patch taken as a merge patch (the subresource
// objects have no merge lists). kBadRequest for malformed patches (with the
// messages of the generic patch path), kUnsupportedMediaType for other
// content types.
StatusOr<Json> PatchedCopy(const RequestScope& scope, const JsonValue& target);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_PATCHED_COPY_H_

// PATCH: JSON patch, merge patch and strategic merge patch (patch.cc), and
// server-side apply (application/apply-patch+yaml, apply.cc).
#ifndef EKSLITE_APISERVER_HANDLERS_PATCH_H_
#define EKSLITE_APISERVER_HANDLERS_PATCH_H_

#include "apiserver/handlers/scope.h"
#include "apiserver/registry/registry.h"

namespace ekslite::apiserver {

// Serves an apply patch: creates the object when it does not exist (201),
// otherwise applies the configuration to it (200). Called by HandlePatch.
http::Response HandleApply(const RequestScope& scope);

// `mutation`, written against the object in the request's version, as a
// mutation of the stored object (the same when the resource converts
// nothing). `scope` must outlive the result.
Mutation InServedVersion(const RequestScope& scope, Mutation mutation);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_PATCH_H_

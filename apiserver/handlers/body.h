// Decoding request bodies: objects in JSON, YAML or Kubernetes protobuf, and
// DeleteOptions.
#ifndef EKSLITE_APISERVER_HANDLERS_BODY_H_
#define EKSLITE_APISERVER_HANDLERS_BODY_H_

#include <string_view>

#include "apiserver/handlers/scope.h"
#include "core/json.h"

namespace ekslite::apiserver {

// The media type of the request's Content-Type, without parameters, lower
// case ("" when absent).
std::string MediaType(const http::Request& request);

// Decodes the request body as an object. kUnsupportedMediaType for content
// types other than JSON, YAML and protobuf; kBadRequest for malformed bodies.
StatusOr<Json> DecodeObjectBody(const RequestScope& scope);

// The DeleteOptions of a DELETE: from the body (JSON or protobuf, possibly
// empty) and the query (gracePeriodSeconds, propagationPolicy,
// orphanDependents, dryRun).
StatusOr<DeleteOptions> DecodeDeleteOptions(const RequestScope& scope);

// The write options of the query (dryRun, fieldManager) plus the user. An
// overlong fieldManager or an unsupported fieldValidation is 422 Invalid
// (`CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported
// value: "foo": supported values: "", "Ignore", "Strict", "Warn"`; UpdateOptions
// for update, PatchOptions for patch); field_check.h reads fieldValidation.
StatusOr<WriteOptions> DecodeWriteOptions(const RequestScope& scope);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_BODY_H_

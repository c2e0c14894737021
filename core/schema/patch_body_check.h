// Strict decoding of JSON patch bodies (application/json-patch+json).
//
// Under fieldValidation Strict and Warn, upstream first decodes a JSON patch
// into a list of operations, each with the members "op", "path", "from"
// (strings) and "value" (any JSON), before applying it. That decoding adds its
// own strict errors, prefixed "json patch ", in front of those of the patched
// object: `json patch unknown field "[0].foo"`, `json patch duplicate field
// "[1].path"` (the paths count operations from 0). A member of the wrong type
// is a decode error, which upstream answers with 400 BadRequest `error
// decoding patch: <error>`. Merge and strategic merge patch bodies decode into
// untyped maps, which only have duplicates (UntypedDuplicateErrors in
// field_validation.h). Pure function; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_PATCH_BODY_CHECK_H_
#define EKSLITE_CORE_SCHEMA_PATCH_BODY_CHECK_H_

#include <string_view>

#include "core/json.h"
#include "core/schema/field_validation.h"

namespace ekslite::schema {

// What decoding the JSON patch `patch` (parsed from `text`) into operations
// finds. `error` is Go's first type error, e.g. "json: cannot unmarshal
// number into Go struct field jsonPatchOp.op of type string" or "json: cannot
// unmarshal object into Go value of type []handlers.jsonPatchOp". The strict
// errors carry the "json patch " prefix; within one operation, unknown
// members come before repeated ones.
DecodeProblems JsonPatchOpProblems(const JsonValue& patch, std::string_view text);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_PATCH_BODY_CHECK_H_

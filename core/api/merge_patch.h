// JSON merge patch (RFC 7386, application/merge-patch+json) as the Kubernetes
// apiserver applies it (evanphx/json-patch v4 MergePatch).
//
// Semantics: a patch object merges into the target object key by key; a null
// member deletes the key; an object member merges recursively into an object
// value; anything else (arrays included) replaces the value. A non-object
// patch replaces the whole target. Like upstream, nulls inside values that
// are inserted rather than merged are pruned from objects at every level
// (also objects inside arrays; null array elements stay).
//
// All functions are pure; the caller owns the documents.
#ifndef EKSLITE_CORE_API_MERGE_PATCH_H_
#define EKSLITE_CORE_API_MERGE_PATCH_H_

#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::api {

// Parses a merge patch request body, answering what the apiserver answers
// for a bad one (kBadRequest):
//   - `strict_decoding` (fieldValidation=Strict or Warn, kubectl's default):
//     a body that is not an object is `error decoding patch: json: cannot
//     unmarshal array into Go value of type map[string]interface {}` (or
//     string/number/bool); a syntax error is "error decoding patch: " plus
//     the parser's message; `null` is "Invalid JSON Patch".
//   - otherwise (fieldValidation=Ignore): syntax errors, `null`, strings,
//     numbers and bools are "Invalid JSON Patch"; an array is accepted (it
//     replaces the whole object, which then fails to decode).
// Bodies nested deeper than kMaxJsonDepth are rejected; duplicate keys keep
// the last value.
StatusOr<Json> ParseMergePatch(std::string_view text, bool strict_decoding);

// Applies `patch` to `target` in place. New values are allocated from `a`,
// which must be the allocator of the document owning `target`; `patch` is
// only read and may belong to any document. Recursion depth is bounded by the
// patch's nesting (ParseMergePatch limits it).
void ApplyMergePatch(JsonValue& target, const JsonValue& patch, JsonAllocator& a);

// The merge patch that turns `original` into `modified` (evanphx
// CreateMergePatch): for objects, changed and added keys with their new
// values (objects diffed recursively, arrays replaced whole) and removed keys
// as null; `{}` when equal. When either side is not an object, the patch is
// `modified` itself.
Json CreateMergePatch(const JsonValue& original, const JsonValue& modified);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_MERGE_PATCH_H_

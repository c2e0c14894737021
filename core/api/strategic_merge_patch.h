// Strategic merge patch (application/strategic-merge-patch+json) as the
// Kubernetes apiserver applies it to built-in objects
// (apimachinery/pkg/util/strategicpatch, with the server's options: parallel
// deletion lists are merged and nulls that match nothing are dropped).
//
// A strategic merge patch is a JSON object that merges into the target key by
// key, like a JSON merge patch, except where the schema says otherwise:
//   - lists whose field has patch strategy "merge" merge instead of being
//     replaced: lists of objects by their merge key (`containers` by `name`),
//     lists of scalars as a union that keeps the live order;
//   - fields with strategy "replace" are replaced whole;
//   - directives in the patch:
//       `"$patch": "replace"` in an object replaces the object (in a list of
//         objects, an element {"$patch":"replace"} replaces the whole list by
//         the patch's other elements);
//       `"$patch": "delete"` in an object empties it; in a list element it
//         removes the live elements with the same merge key;
//       `"$patch": "merge"` is refused ("merging lists cannot yet be
//         specified in the patch" in lists, "unknown patch type" in objects);
//       `"$retainKeys": [...]` drops the object's keys not listed;
//       `"$setElementOrder/<list>": [...]` orders the merged list;
//       `"$deleteFromPrimitiveList/<list>": [...]` removes values from a
//         merged list of scalars;
//       `null` deletes a key.
// Keys the schema does not know merge as in a JSON merge patch.
//
// All functions are pure and thread-compatible; the caller owns the documents.
#ifndef EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_H_
#define EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_H_

#include <string_view>

#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::api {

// Parses a strategic merge patch request body. kBadRequest with Go's
// encoding/json message for a body that is not JSON, and "json: cannot
// unmarshal array into Go value of type map[string]interface {}" (string,
// number, bool) for one that is not an object; `null` is an empty patch.
// Bodies nested deeper than kMaxJsonDepth are rejected.
StatusOr<Json> ParseStrategicMergePatch(std::string_view text);

// Applies `patch` (an object) to `target` in place, guided by `message`, the
// schema message of the target (null: no patch metadata, which merges like a
// JSON merge patch). New values are allocated from `a`, the allocator of the
// document owning `target`; `patch` is only read. Returns kBadRequest with
// upstream's message for a malformed patch (a bad directive, an element
// without its merge key, a `$setElementOrder` list that contradicts the
// patch, ...), and kInvalid with upstream's generic 422 text for a list of
// lists; `target` is then left partly patched. (Upstream answers 500 for the
// errors that its code does not classify, such as a missing merge key; this
// answers 400 with the same message.)
Status ApplyStrategicMergePatch(JsonValue& target, const JsonValue& patch,
                                const schema::Message* message, JsonAllocator& a);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_STRATEGIC_MERGE_PATCH_H_

// JSON patch (RFC 6902, application/json-patch+json) as the Kubernetes
// apiserver applies it (evanphx/json-patch v4).
//
// A patch is an array of operations {"op", "path", "from", "value"}: add,
// remove, replace, move, copy, test. Paths are JSON pointers ("/a/b/0";
// "~1" is '/', "~0" is '~'); "-" appends to an array in add. Like upstream:
//   - array indexes may be negative, counting from the end (-1 is the last
//     element; for add, -1 appends);
//   - add and remove on the whole document ("") fail; replace "" needs an
//     object or array; test "" compares the whole document;
//   - add with no "value" adds null; test on a missing member succeeds when
//     the value is null or absent;
//   - operations run in order on a copy; the document changes only if all
//     succeed.
// Unlike upstream, scalars compare by value in test (1 equals 1.0) rather
// than by their JSON spelling, and a path must start with '/'.
//
// Error statuses are the apiserver's:
//   - a body that is not an array of objects: 400 BadRequest with Go's
//     decoding message, e.g. "json: cannot unmarshal object into Go value of
//     type jsonpatch.Patch";
//   - more than 10000 operations: 413 "The allowed maximum operations in a
//     JSON patch is 10000, got N";
//   - any operation failing (missing path, failed test, unknown op, ...): 422
//     Invalid "the server rejected our request due to an error in our
//     request" with empty details. The specific reason is available for logs.
// Values are independent; no shared state.
#ifndef EKSLITE_CORE_API_JSON_PATCH_H_
#define EKSLITE_CORE_API_JSON_PATCH_H_

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace ekslite::api {

inline constexpr size_t kMaxJsonPatchOperations = 10000;
// Bytes that `copy` operations may add in total (upstream's optional
// AccumulatedCopySizeLimit; unlimited there, bounded here).
inline constexpr size_t kMaxJsonPatchCopyBytes = 16 << 20;

class JsonPatch {
 public:
  JsonPatch(JsonPatch&&) = default;
  JsonPatch& operator=(JsonPatch&&) = default;

  // Number of operations.
  size_t size() const { return ops_.IsArray() ? ops_.Size() : 0; }

  // Applies the operations to `doc`. On success `doc` holds the result; on
  // failure it is unchanged, the status is the 422 described above and
  // `*reason` (if not null) receives what went wrong, e.g. "testing value
  // /metadata/resourceVersion failed".
  Status Apply(Json* doc, std::string* reason = nullptr) const;

 private:
  friend StatusOr<JsonPatch> ParseJsonPatch(std::string_view text);
  explicit JsonPatch(Json ops) : ops_(std::move(ops)) {}

  Json ops_;  // the decoded array (or null: no operations)
};

// Decodes a request body. See above for the errors.
StatusOr<JsonPatch> ParseJsonPatch(std::string_view text);

}  // namespace ekslite::api

#endif  // EKSLITE_CORE_API_JSON_PATCH_H_

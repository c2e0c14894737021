// Checking a decoded request body against the schema of its kind, the way
// upstream's typed decoding judges it, and pruning what Go structs would drop.
//
// CheckObject walks a JSON object against a schema::Message (inline fields,
// lists, maps, list-wrapper messages and the special types included) and
//   - removes members the message does not declare (unless the message keeps
//     unknown fields), and null members of declared fields, as decoding into a
//     Go struct and encoding it again would;
//   - reports each removed member as `unknown field "spec.template.spec.
//     containers[0].foo"` and, given the request text, each repeated member as
//     `duplicate field "metadata.name"`, in upstream's order (not with
//     FieldValidation::kIgnore, where upstream does not look);
//   - reports the decode error upstream's JSON decoder gives for a value of
//     the wrong type or format: `json: cannot unmarshal string into Go struct
//     field DeploymentSpec.spec.replicas of type int32`, quantities, times,
//     base64 and int32/int64 ranges included;
//   - converts quantities sent as numbers to strings and bytes sent as arrays
//     of numbers to base64, the forms upstream stores.
// Opaque values (rawextension, fieldsv1, json) are accepted as they are.
//
// The walk uses an explicit stack (no recursion), so any nesting the JSON
// parser accepted is safe. Thread-safe for distinct objects; the schema is
// only read.
#ifndef EKSLITE_CORE_SCHEMA_OBJECT_CHECK_H_
#define EKSLITE_CORE_SCHEMA_OBJECT_CHECK_H_

#include <string_view>

#include "core/json.h"
#include "core/schema/field_validation.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// Which upstream decoder's behaviour to reproduce.
enum class DecodeStyle {
  // encoding/json as forked by sigs.k8s.io/json: create, update, JSON and
  // merge patches. Strict errors in document order; type errors with Go's
  // "json: cannot unmarshal ..." wording; the first fatal error (a quantity,
  // time or int-or-string that does not decode) wins over the first type error.
  kJson,
  // runtime.DefaultUnstructuredConverter: the result of a strategic merge
  // patch. Unknown fields sorted by their message (map keys of maps of
  // messages are not part of the path, as upstream's converter leaves them
  // out); type errors in the converter's wording ("cannot restore struct
  // from: string"); no duplicate detection.
  kUnstructured,
};

struct CheckOptions {
  // kIgnore skips strict errors (pruning still happens).
  FieldValidation validation = FieldValidation::kWarn;
  // The request text the object was parsed from, if it was JSON: repeated
  // members are found in it (the parsed object keeps only the last one). ""
  // when the body was not JSON or has no text (protobuf, a patched object).
  std::string_view raw_json;
  DecodeStyle style = DecodeStyle::kJson;
  // The object stands for JSON text whose object keys Go wrote in sorted
  // order (a YAML body converted to JSON, the result of a JSON or merge
  // patch), which upstream's decoder reads in that order: errors are reported
  // in the order of their locations with every object's keys sorted
  // (bytewise), the first strict errors of that order, and the first decode
  // error of that order. The object's own member order is left alone.
  bool sorted_keys = false;
};

// Checks and prunes `object` (an object of `message`; `allocator` is its
// document's). The returned problems list the decode error, if any, and the
// strict errors; turn them into the answer with BodyResult or PatchResult
// (field_validation.h). After a decode error the object is partly pruned and
// must not be stored.
DecodeProblems CheckObject(const Message& message, JsonValue& object, JsonAllocator& allocator,
                           const CheckOptions& options);

// The check of a custom resource (a kind of a schema imported from a CRD),
// done as upstream's unstructured decoding does it. The strict errors are
// every repeated member of `options.raw_json` (none under kIgnore), in
// document order, followed by the unknown fields that pruning removes
// (PruneCustomResource, in place): the root metadata's first, then the
// others sorted, then those of embedded resources' metadata. Never a decode
// error: custom resources are validated against their schema later. Defined
// in object_check_custom.cc.
DecodeProblems CheckCustomResource(const Message& kind, JsonValue& object,
                                   const CheckOptions& options);

// CheckObject on a whole document followed by BodyResult: the one call a
// create or update handler needs. `context.raw_body` doubles as the text to
// find duplicates in when it is JSON (it starts with '{' after spaces).
CheckResult CheckBody(const Message& message, Json& document, FieldValidation mode,
                      const BodyContext& context);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_OBJECT_CHECK_H_

// The fieldValidation directive of create, update and patch requests, and how
// the problems found while decoding a request body turn into the answer.
//
// Upstream decodes a body into its Go type with a strict decoder when the
// directive is Warn or Strict. That decoding yields two kinds of problems:
//   - a decode error (a value of the wrong type, an unparsable quantity or
//     time, bad base64): the request always fails, whatever the directive;
//   - strict errors (`unknown field "spec.foo"`, `duplicate field
//     "metadata.name"`): Strict fails the request, Warn turns each into a
//     `Warning: 299` header, Ignore never looks for them.
// DecodeProblems carries both (core/schema/object_check.h finds them); the
// functions below build the Status or the warnings exactly as the Kubernetes
// 1.32 apiserver does for each kind of request. Pure functions; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_FIELD_VALIDATION_H_
#define EKSLITE_CORE_SCHEMA_FIELD_VALIDATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/status.h"

namespace ekslite::schema {

enum class FieldValidation { kIgnore, kWarn, kStrict };

// Parses the `fieldValidation` query value: "Ignore", "Warn", "Strict"
// (case-sensitive), "" is the server default Warn. Any other value is the 422
// Invalid upstream's options validation answers, naming `options_kind`
// ("CreateOptions", "UpdateOptions" or "PatchOptions"):
//   CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported
//   value: "foo": supported values: "", "Ignore", "Strict", "Warn"
StatusOr<FieldValidation> ParseFieldValidation(std::string_view value,
                                               std::string_view options_kind);

// The same check as one entry of the options' error list, for handlers that
// report it together with the options' other problems: adds
// `fieldValidation: Unsupported value: "foo": supported values: "",
// "Ignore", "Strict", "Warn"` to `errors` unless `value` is supported.
void ValidateFieldValidation(std::string_view value, api::ErrorList* errors);

// The directive `value` stands for: "Ignore" and "Strict" as named, anything
// else (the default "" included) Warn. Validate the value first.
FieldValidation FieldValidationOrDefault(std::string_view value);

// What decoding one body into its type found.
struct DecodeProblems {
  // The decode error as Go's decoder words it ("json: cannot unmarshal string
  // into Go struct field DeploymentSpec.spec.replicas of type int32"); "" when
  // the body decodes. Fails the request whatever the directive.
  std::string error;
  // Strict errors in upstream's order, de-duplicated, at most 100:
  // `unknown field "spec.foo"`, `duplicate field "metadata.name"`, or errors
  // passed through from a YAML decoder.
  std::vector<std::string> strict_errors;

  bool ok() const { return error.empty() && strict_errors.empty(); }
};

// The outcome of a request body check: an error to answer with, or success
// with the warnings to send as `Warning: 299 - "<text>"` headers (in order).
struct CheckResult {
  Status error;
  std::vector<std::string> warnings;
};

// "strict decoding error: <e1>, <e2>" (runtime.NewStrictDecodingError).
std::string StrictDecodingMessage(const std::vector<std::string>& strict_errors);

// The warnings Warn mode sends for `strict_errors`: one per error, except that
// a YAML decoder's "yaml: unmarshal errors:\n  line 3: ..." (optionally after
// "error converting YAML to JSON: ") becomes one warning per line, trimmed.
std::vector<std::string> StrictWarnings(const std::vector<std::string>& strict_errors);

// Where a create or update body came from, for upstream's error wording.
struct BodyContext {
  std::string_view kind;         // the body's kind, defaulted from the URL ("Deployment")
  std::string_view version;      // the body's version ("v1")
  std::string_view target_kind;  // the kind the endpoint stores ("Deployment")
  std::string_view raw_body;     // the body as sent; summarised when `kind` is ""
};

// The outcome of a create (POST) or update (PUT) body. Decode errors and, in
// Strict mode, strict errors are 400 BadRequest:
//   Deployment in version "v1" cannot be handled as a Deployment: <error>
// (with an empty kind: `the object provided is unrecognized (must be of type
// Deployment): <error> (<first 30 bytes of the body> ...)`). Warn mode
// succeeds with StrictWarnings; Ignore succeeds silently.
CheckResult BodyResult(const DecodeProblems& problems, FieldValidation mode,
                       const BodyContext& context);

// The outcome of a JSON patch, merge patch or strategic merge patch, where
// `problems` covers the patch body's duplicates followed by the patched
// object's decoding. Errors are 422 Invalid with one cause on field "patch":
//   "" is invalid: patch: Invalid value: "<invalid_value>": <error>
// (`invalid_value` is the patched object's JSON for JSON and merge patches,
// and Go's %+v rendering of the patch map for strategic merge patches, which
// is GoSprint in value_render.h). Warn and Ignore as for BodyResult.
CheckResult PatchResult(const DecodeProblems& problems, FieldValidation mode,
                        std::string_view invalid_value);

// The strict errors a JSON text would produce when decoded into untyped Go
// maps and slices, as patch bodies are: `duplicate field "<path>"` for every
// repeated object member, in document order, de-duplicated, at most 100.
std::vector<std::string> UntypedDuplicateErrors(std::string_view json_text);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_FIELD_VALIDATION_H_

// Server-side field validation in the write handlers: what the
// `fieldValidation` query parameter (Strict, Warn, Ignore; Warn when absent)
// does to create, update, patch and apply requests, as the Kubernetes 1.32
// apiserver does it.
//
// Every check also prunes: fields the resource's schema does not declare are
// dropped from the object that will be stored, whatever the directive, as
// upstream's decoding into Go types (or a custom resource's pruning) does.
// Strict errors (unknown and repeated fields) fail the request under Strict,
// become `Warning: 299` headers (RequestScope::warnings) under Warn and are
// not looked for under Ignore; decode errors (a value of the wrong type) fail
// the request under every directive. Protobuf bodies have neither. The schema
// is the resource's own (ResourceInfo::Schema()/Message()), so custom
// resources are checked against their CRD's schema; a kind the schema does
// not know is not checked.
//
// Not thread-safe: one request, one thread, like RequestScope.
#ifndef EKSLITE_APISERVER_HANDLERS_FIELD_CHECK_H_
#define EKSLITE_APISERVER_HANDLERS_FIELD_CHECK_H_

#include <string>
#include <vector>

#include "apiserver/handlers/scope.h"
#include "core/json.h"
#include "core/schema/field_validation.h"

namespace ekslite::apiserver {

// The request's directive. Unsupported values are rejected earlier, by
// DecodeWriteOptions (body.h).
schema::FieldValidation FieldValidationOf(const RequestScope& scope);

// Checks and prunes the decoded body of a create (POST) or update (PUT),
// `object` as DecodeObjectBody returned it. Returns 400 BadRequest
// `Deployment in version "v1" cannot be handled as a Deployment: strict
// decoding error: unknown field "spec.foo"` under Strict, or with the decode
// error under any directive; under Warn, adds the warnings to the scope.
Status CheckObjectBody(const RequestScope& scope, Json& object);

// The check of one JSON, merge or strategic merge patch.
class PatchFieldCheck {
 public:
  enum class Kind { kJson, kMerge, kStrategic };

  // `patch` is the parsed request body (only read here). Reads the body's own
  // strict errors: repeated members, and for JSON patches the operations'
  // unknown members.
  PatchFieldCheck(const RequestScope& scope, Kind kind, const JsonValue& patch);

  // 400 BadRequest `error decoding patch: json: cannot unmarshal object into
  // Go value of type []handlers.jsonPatchOp` (and the like) for a JSON patch
  // whose operations do not decode under Strict or Warn; Ok otherwise.
  Status BodyError() const;

  // Checks and prunes `patched`, the patched object in the request's version,
  // as upstream decodes it. Returns 422 Invalid `"" is invalid: patch:
  // Invalid value: "<value>": strict decoding error: ...` (or with the decode
  // error) when the patch must fail. Under Warn, replaces the warnings an
  // earlier call added (a patch is retried on conflicts). `scope` must
  // outlive this object.
  Status Check(Json& patched) const;

 private:
  const RequestScope& scope_;
  Kind kind_;
  schema::FieldValidation mode_;
  size_t warnings_base_;
  std::string body_error_;                // JSON patch operations' decode error
  std::vector<std::string> body_strict_;  // the body's own strict errors
  std::string patch_rendering_;           // strategic: the patch as Go prints it
};

// Server-side apply turns its configuration into a typed object before
// merging, whatever the fieldValidation directive: a field the kind's schema
// does not declare fails the request with upstream's 500 `failed to create
// typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.replicass:
// field not declared in schema` (several fields: "errors:" and one indented
// line each). List elements in paths are named by their "name" key when they
// have one (`.spec.template.spec.containers[name="web"].imagex`), by position
// otherwise. Built-in kinds only; custom resources are pruned instead.
Status CheckApplyConfigTyped(const RequestScope& scope, const JsonValue& config);

// The check of a server-side apply configuration: under Strict and Warn,
// keys repeated in the YAML (or JSON) text.
class ApplyFieldCheck {
 public:
  // `body_is_json`: the body parsed as JSON, so a scan of its text finds
  // repeated keys far faster than a YAML parse (which still words the error).
  ApplyFieldCheck(const RequestScope& scope, bool body_is_json);

  // Called after the configuration was applied successfully, as upstream
  // checks only then. Returns 400 BadRequest `error strict decoding YAML:
  // error converting YAML to JSON: yaml: unmarshal errors:\n  line 10: key
  // "paused" already set in map` under Strict; under Warn, puts one warning
  // per repeated key in the scope (replacing those of an earlier call).
  Status Check() const;

 private:
  const RequestScope& scope_;
  schema::FieldValidation mode_;
  size_t warnings_base_;
  std::string yaml_error_;
};

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_HANDLERS_FIELD_CHECK_H_

// Validation of custom resources against the schema imported from their
// CRD (openapi_import.h), with the messages of upstream's apiserver, which
// validates them with kube-openapi and a few structural checks.
//
// Errors are appended in upstream's order:
//   1. schema validation: types (`spec.replicas: Invalid value: "string":
//      spec.replicas in body must be of type integer: "string"`), required
//      fields (`spec.name: Required value`), Constraints (`spec.size: Invalid
//      value: 20: spec.size in body should be less than or equal to 10`,
//      `spec.color: Unsupported value: "pink": supported values: "red",
//      "blue"`), allOf/anyOf/oneOf/not;
//   2. embedded resources (x-kubernetes-embedded-resource): apiVersion and
//      kind present and well-formed, metadata valid;
//   3. x-kubernetes-list-type set and map lists: no duplicate elements or keys.
// Within an object, fields are checked in the schema's order (upstream's
// order is Go's random map order). The root's metadata is only checked
// against the name/generateName constraints the schema declares; the registry
// validates the rest. Pure functions; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_VALUE_VALIDATION_H_
#define EKSLITE_CORE_SCHEMA_VALUE_VALIDATION_H_

#include <string>
#include <string_view>

#include "core/api/field_errors.h"
#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// Validates `object`, a whole custom resource, against its kind message.
void ValidateCustomResource(const JsonValue& object, const Message& kind, api::ErrorList* errors);

// Schema validation (step 1 only) of `value` against `field`, as kube-openapi
// reports it for a value at the root: messages name the path inside the value
// ("" for the value itself) and errors are reported under `base` (CRD
// validation checks `default` values this way, with base
// "...properties[spec].default").
void ValidateFieldValue(const JsonValue& value, const Field& field, const api::FieldPath& base,
                        api::ErrorList* errors);

// True when `value` is valid for the string format `format` as upstream
// checks it (uuid, ipv4, ipv6, cidr, mac, byte, date, datetime, hostname,
// bsonobjectid, hexcolor, email, uri, ...); formats upstream does not check
// (including "date-time" and "int32") are always valid.
bool FormatValid(std::string_view format, std::string_view value);

// True when `value` contains a match of `pattern` (ECMA-262, as OpenAPI
// patterns are). An invalid pattern matches everything. Compiled patterns are
// cached.
bool PatternMatches(const std::string& pattern, std::string_view value);

// Steps 2 and 3, over the same walk.
void ValidateEmbeddedAndListTypes(const JsonValue& object, const Message& kind,
                                  api::ErrorList* errors);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_VALUE_VALIDATION_H_

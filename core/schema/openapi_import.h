// Importing a custom resource's OpenAPI v3 schema (a CRD version's
// `schema.openAPIV3Schema`, a structural schema) into the project's schema
// model, so that custom resources go through the same machinery as built-in
// kinds (DESIGN.md decision 1): validation, pruning and defaulting
// (value_validation.h, pruning.h, structural_defaulting.h), strict field
// checks, server-side apply.
//
// How the OpenAPI constructs map:
//   - the root (and every `x-kubernetes-embedded-resource` object) is a
//     Message with `apiVersion` and `kind` (strings) and `metadata` (the
//     built-in ObjectMeta; at the root a copy carrying the name/generateName
//     constraints the schema declares);
//   - `type: object` with `properties` is a Message (one per object, named
//     after its path); `additionalProperties: <schema>` is a map field; with
//     `additionalProperties: true` the values are kJson;
//   - `type: array` is a list field; its `items` give the element type and
//     `item_constraints`; an array of arrays has a list-wrapper message as
//     its element;
//   - `x-kubernetes-int-or-string` is kIntOrString; a schema with
//     `x-kubernetes-preserve-unknown-fields` and no type is kJson; integer is
//     kInt64 (kInt32 with format int32), number kDouble, boolean kBool,
//     string kString;
//   - `x-kubernetes-preserve-unknown-fields` / `-embedded-resource` set
//     Message::preserve_unknown_fields / embedded_resource;
//     `x-kubernetes-list-type`, `-list-map-keys` and `-map-type` the field's
//     list_type, list_map_keys and map_type;
//   - `default` is Field::default_json, `required` Field::required,
//     `description` the field's and message's description; the value
//     validations (minimum..., pattern, format, enum, nullable, lengths and
//     counts, allOf/anyOf/oneOf/not) are Constraints.
// Pure functions; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_OPENAPI_IMPORT_H_
#define EKSLITE_CORE_SCHEMA_OPENAPI_IMPORT_H_

#include <memory>
#include <string>

#include "core/json.h"
#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::schema {

// The deepest nesting of schemas an import follows.
inline constexpr int kMaxOpenApiSchemaDepth = 128;

struct OpenApiImportOptions {
  // The kind the root message serves.
  GroupVersionKind gvk;
  // Message names start with it ("com.example.v1" gives "com.example.v1.Widget",
  // "com.example.v1.Widget.spec", ...).
  std::string message_prefix;
};

// Imports `openapi` (an openAPIV3Schema object). The result's kind message is
// FindKind(options.gvk). A null `openapi` (a version without schema) gives a
// root message that preserves unknown fields. kInvalid when `openapi` is not
// an object or nests deeper than kMaxOpenApiSchemaDepth.
StatusOr<std::unique_ptr<Schema>> ImportOpenApiSchema(const JsonValue* openapi,
                                                      const OpenApiImportOptions& options);

// One schema node imported as a field (to check a value against it, e.g. a
// `default`): `schema` owns the messages `field` refers to.
struct ImportedField {
  std::unique_ptr<Schema> schema;
  Field field;
};
// kInvalid as for ImportOpenApiSchema.
StatusOr<ImportedField> ImportOpenApiField(const JsonValue& node, const std::string& name);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_OPENAPI_IMPORT_H_

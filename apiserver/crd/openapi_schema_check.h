// Validation of a CRD version's openAPIV3Schema with upstream's rules and
// messages, in upstream's order:
//   1. with a status subresource, only some keywords at the root, and type
//      object; `nullable` forbidden at the root;
//   2. structural-schema rules (sorted by message, as upstream sorts them):
//      `properties[spec].type: Required value: must not be empty for
//      specified object fields`, root type object, no additionalProperties
//      at the root, items for arrays, metadata restricted to name and
//      generateName, embedded-resource and int-or-string rules, value
//      validations (allOf/anyOf/oneOf/not) without types, defaults, ...;
//      then the defaults: valid against their schema and already pruned;
//   3. OpenAPI rules: known types, no $ref/id/definitions/patternProperties/
//      dependencies/additionalItems, no uniqueItems, additionalProperties and
//      properties exclusive, x-kubernetes-list-type/-list-map-keys/-map-type
//      consistency, set and map list items not nullable, map keys required or
//      defaulted.
// CEL rules (x-kubernetes-validations) are checked for shape only.
#ifndef EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_CHECK_H_
#define EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_CHECK_H_

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Validates `schema` (a version's openAPIV3Schema) reported under `path`
// ("spec.versions[0].schema.openAPIV3Schema").
void ValidateOpenApiSchema(const JsonValue& schema, bool status_subresource,
                           const api::FieldPath& path, api::ErrorList* errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_CHECK_H_

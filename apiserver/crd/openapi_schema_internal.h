// The parts of ValidateOpenApiSchema (openapi_schema_check.h), one file each.
#ifndef EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_INTERNAL_H_
#define EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver::crd_schema {

// The schema member `name` when it is an object, else null.
const JsonValue* Sub(const JsonValue& node, std::string_view name);
bool Flag(const JsonValue& node, std::string_view name);
// The members of `properties` (or of any object), sorted by name.
std::vector<const JsonValue::Member*> Sorted(const JsonValue* object);

// Structural-schema rules (upstream's ValidateStructural), sorted by message.
void ValidateStructural(const JsonValue& schema, const api::FieldPath& path,
                        api::ErrorList* errors);
// Defaults valid against their schema and pruned.
void ValidateDefaults(const JsonValue& schema, const api::FieldPath& path, api::ErrorList* errors);
// The OpenAPI rules (upstream's ValidateCustomResourceDefinitionOpenAPISchema).
void ValidateOpenApiRules(const JsonValue& schema, const api::FieldPath& path,
                          api::ErrorList* errors);

}  // namespace ekslite::apiserver::crd_schema

#endif  // EKSLITE_APISERVER_CRD_OPENAPI_SCHEMA_INTERNAL_H_

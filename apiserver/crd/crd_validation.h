// Validation of CustomResourceDefinitions with upstream's rules and messages
// (apiextensions validation.go): the name (`must be
// spec.names.plural+"."+spec.group`), group, scope, names, versions (exactly
// one storage version, unique DNS-1035 names, schemas required and valid —
// openapi_schema_check.h), subresources, printer columns, selectable fields,
// conversion, status (accepted and stored versions), the API-approval
// annotation of protected groups, and on update the immutable group and
// plural (and scope and kind once established).
#ifndef EKSLITE_APISERVER_CRD_CRD_VALIDATION_H_
#define EKSLITE_APISERVER_CRD_CRD_VALIDATION_H_

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver {

// Validates `crd` (defaulted, with its status); `old` is the stored CRD on
// update, null on create. Metadata other than the name rule is the
// registry's.
api::ErrorList ValidateCrd(const JsonValue& crd, const JsonValue* old);

// The names rules shared by spec.names and status.acceptedNames.
void ValidateNames(const JsonValue* names, const api::FieldPath& path, api::ErrorList* errors);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_CRD_CRD_VALIDATION_H_

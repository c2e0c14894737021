// The parts of ValidateCrd (crd_validation.h) that look at one version, its
// schema, subresources, printer columns, selectable fields and the
// conversion settings (crd_version_validation.cc).
//
// Upstream validates CRDs in its internal form, where the per-version
// schema, subresources, printer columns and selectable fields that are the
// same in every version are moved up to spec.validation, spec.subresources,
// spec.additionalPrinterColumns and spec.selectableFields. Error paths follow
// that form: a one-version CRD reports `spec.validation.openAPIV3Schema...`
// and `spec.subresources.scale...`. SpecLayout records which were moved.
#ifndef EKSLITE_APISERVER_CRD_CRD_VALIDATION_INTERNAL_H_
#define EKSLITE_APISERVER_CRD_CRD_VALIDATION_INTERNAL_H_

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::apiserver::crd_validation {

struct SpecLayout {
  bool schema_shared = false;        // reported as spec.validation
  bool subresources_shared = false;  // spec.subresources
  bool columns_shared = false;       // spec.additionalPrinterColumns
  bool selectable_shared = false;    // spec.selectableFields
};

// `versions` is spec.versions (null or not an array: nothing shared).
SpecLayout LayoutOf(const JsonValue* versions);

// True when `subresources` (a CustomResourceSubresources or null) enables
// the status subresource.
bool StatusEnabled(const JsonValue* subresources);

// The per-version checks of one spec.versions[i] (at `path`): its
// deprecation warning and the fields the layout keeps per version.
void ValidateVersion(const JsonValue& version, const api::FieldPath& path, const SpecLayout& layout,
                     api::ErrorList* errors);

// A CustomResourceValidation ({openAPIV3Schema: ...}, null: nothing to check)
// reported under `path` (spec.validation or spec.versions[i].schema).
void ValidateValidation(const JsonValue* validation, bool status_enabled,
                        const api::FieldPath& path, api::ErrorList* errors);

void ValidateSubresources(const JsonValue* subresources, const api::FieldPath& path,
                          api::ErrorList* errors);

void ValidateColumn(const JsonValue& column, const api::FieldPath& path, api::ErrorList* errors);

// selectableFields (an array) against `schema` (the openAPIV3Schema).
void ValidateSelectableFields(const JsonValue& fields, const JsonValue* schema,
                              const api::FieldPath& path, api::ErrorList* errors);

// spec.conversion (null: defaulted to None).
void ValidateConversion(const JsonValue* conversion, const api::FieldPath& path,
                        api::ErrorList* errors);

// Upstream's validateSimpleJSONPath.
void ValidateSimpleJsonPath(std::string_view path_value, const api::FieldPath& path,
                            api::ErrorList* errors);

}  // namespace ekslite::apiserver::crd_validation

#endif  // EKSLITE_APISERVER_CRD_CRD_VALIDATION_INTERNAL_H_

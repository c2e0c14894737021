// Shared between label_selector.cc and label_selector_parser.cc; not part of
// the public API.
#ifndef EKSLITE_CORE_API_LABEL_SELECTOR_INTERNAL_H_
#define EKSLITE_CORE_API_LABEL_SELECTOR_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/api/field_errors.h"
#include "core/api/label_selector.h"
#include "core/status.h"

namespace ekslite::api::internal {

// Upstream's labels.NewRequirement: checks the key, the number of values for
// `op`, integer values for Gt/Lt and each value. `path` prefixes the field
// names in errors (FieldPath() renders "key", "values[0][k]", ...). On error
// returns kBadRequest whose message is the aggregate of the field errors.
// `values_nil` records that `values` came from a nil Go slice (affects how an
// empty list is printed).
StatusOr<LabelRequirement> NewRequirement(std::string_view key, LabelOperator op,
                                          std::vector<std::string> values, const FieldPath& path,
                                          bool values_nil);

// Upstream's validateLabelKey: one Invalid error joining all problems with
// "; ", or none.
ErrorList ValidateLabelKey(std::string_view key, const FieldPath& path);

}  // namespace ekslite::api::internal

#endif  // EKSLITE_CORE_API_LABEL_SELECTOR_INTERNAL_H_

// Pruning of custom resources: what upstream's apiserver does to a custom
// resource when it decodes it (from a request or from storage) before
// defaulting and validation.
//   - Fields the schema does not declare are removed, except under a message
//     with preserve_unknown_fields (x-kubernetes-preserve-unknown-fields),
//     where unknown fields stay and declared ones are still pruned inside;
//     kJson values are left whole.
//   - apiVersion and kind stay at the root and in embedded resources; their
//     metadata keeps only the fields ObjectMeta has.
//   - A null in a declared field that is neither nullable nor defaulted is
//     removed (upstream's PruneNonNullableNullsWithoutDefaults).
// Pure functions over the caller's value; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_PRUNING_H_
#define EKSLITE_CORE_SCHEMA_PRUNING_H_

#include <string>
#include <vector>

#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// Prunes `object` (a whole custom resource) in place against `kind`, its kind
// message. Returns the paths of the unknown fields removed ("spec.extra",
// "spec.items[0].x", "metadata.bogus"), in document order, for strict field
// validation and warnings.
std::vector<std::string> PruneCustomResource(JsonValue& object, const Message& kind);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_PRUNING_H_

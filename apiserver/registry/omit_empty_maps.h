// Go's `json:",omitempty"` for map fields. Upstream decodes every built-in
// object into its Go type and encodes it again, so a map field that is empty
// (`metadata.annotations: {}` after a patch removed the last annotation, say)
// or null is not there when the object is read back. The registry applies the
// same rule to built-in objects on their way into storage, so that
// `kubectl diff` and `kubectl get -o yaml` show what they show upstream.
//
// Only map-typed fields (schema Cardinality::kMap) are dropped: an empty
// struct such as a container's `resources: {}` or a pod's
// `securityContext: {}` is a value Go does encode, and stays.
#ifndef EKSLITE_APISERVER_REGISTRY_OMIT_EMPTY_MAPS_H_
#define EKSLITE_APISERVER_REGISTRY_OMIT_EMPTY_MAPS_H_

#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::apiserver {

// Removes from `object` (an instance of `message`), at every depth the schema
// describes, each map-typed field whose value is `{}` or null. Members the
// schema does not know, and values of free-form types (RawExtension, JSON),
// are left alone. Returns the number of fields removed.
int OmitEmptyMaps(const schema::Message& message, JsonValue& object);

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_REGISTRY_OMIT_EMPTY_MAPS_H_

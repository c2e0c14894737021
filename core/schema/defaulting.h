// Constant defaults from the schema (Field::default_json), applied the way
// upstream's generated defaulters apply `+default=` markers.
//
// Wherever an object of a message exists in a document (the root, nested
// fields, list elements, map values, fields of inline members), each field
// with a constant default that is absent, null, or (for a non-pointer field)
// the zero value of its type ("", 0, false) gets the default. Absent parents
// are not created: a Deployment without `spec.strategy` gets no strategy
// defaults. Defaults that depend on other fields or on the kind (a Pod's
// imagePullPolicy, a Service's clusterIP) belong to the resource strategies.
//
// The walk uses an explicit stack (no recursion); values of the wrong JSON
// type are left alone (CheckObject reports them). Thread-safe for distinct
// documents; the schema is only read.
#ifndef EKSLITE_CORE_SCHEMA_DEFAULTING_H_
#define EKSLITE_CORE_SCHEMA_DEFAULTING_H_

#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// Applies the constant defaults of `message` and of every message reachable
// from it to `object` (an object of `message`; `allocator` is its document's).
// Returns how many defaults were set. Values that are not objects where a
// message belongs are skipped.
size_t ApplyConstantDefaults(const Message& message, JsonValue& object, JsonAllocator& allocator);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_DEFAULTING_H_

// Defaulting of custom resources from the `default` values of their schema
// (Field::default_json), as upstream applies them on create, on update and
// when reading from storage: a field with a default that is absent, or null
// while not nullable, gets a copy of the default. Parents are defaulted
// before their children, so the fields of a defaulted object get their own
// defaults too. The root's metadata is left alone. Pure functions over the
// caller's value; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_STRUCTURAL_DEFAULTING_H_
#define EKSLITE_CORE_SCHEMA_STRUCTURAL_DEFAULTING_H_

#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// Applies the defaults of `kind` (a custom resource's kind message) to
// `object`, allocating from `a` (the allocator of the document owning it).
// Returns true when something was set.
bool ApplyDefaults(JsonValue& object, const Message& kind, JsonAllocator& a);

// True when any field reachable from `kind` has a default.
bool HasDefaults(const Message& kind);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_STRUCTURAL_DEFAULTING_H_

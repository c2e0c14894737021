// Descriptions: what each message and field is, in the project's own words,
// kept in text files beside the schema (core/schema/docs/*.docs, format in
// core/schema/README.md) and applied to a parsed schema. OpenAPI documents
// and `kubectl explain` show them.
#ifndef EKSLITE_CORE_SCHEMA_DESCRIPTIONS_H_
#define EKSLITE_CORE_SCHEMA_DESCRIPTIONS_H_

#include <span>

#include "core/schema/schema.h"
#include "core/status.h"

namespace ekslite::schema {

// Sets Message::description and Field::description in `schema`, which the
// caller has just parsed and not yet shared, from `sources` (docs texts).
// Explicit entries win over copied ones, copied ones over wildcards; among
// wildcards the longest message-name suffix wins. Returns kInvalid naming the source and line of
// the first malformed line, duplicate entry, or entry for a message or field
// the schema does not have; `schema` may then be partly described.
Status ApplyDescriptions(std::span<const SchemaSource> sources, Schema& schema);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_DESCRIPTIONS_H_

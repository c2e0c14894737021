// How upstream's Go code prints JSON values inside validation messages:
// numbers with fmt's %v, strings with %q, objects and arrays with %#v of
// map[string]interface{} / []interface{}. Custom resource validation
// (value_validation.h) quotes values this way. Pure functions; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_VALUE_RENDER_H_
#define EKSLITE_CORE_SCHEMA_VALUE_RENDER_H_

#include <string>

#include "core/api/field_errors.h"
#include "core/json.h"

namespace ekslite::schema {

// A float64 as fmt's %v prints it: the shortest representation that
// round-trips, in %e form when the exponent is below -4 or at least 6
// ("1e+06", "1.5", "100000", "1e-05").
std::string GoFloat(double v);
// A JSON number as Go holds it after decoding into interface{}: integers as
// int64 ("20"), others as float64 (GoFloat).
std::string GoNumber(const JsonValue& v);
// `v` as field.Error prints a bad value: strings quoted, numbers and booleans
// plain, null as "null" quoted, objects and arrays in %#v form
// (`map[string]interface {}{"a":1}`, `[]interface {}{"x", 2}`).
api::BadValue BadValueOf(const JsonValue& v);
// `v` inside a %#v rendering (strings quoted, null as `interface {}(nil)`).
std::string GoSharpV(const JsonValue& v);
// `v` as fmt.Sprint prints it (strings raw, `map[a:1]`, `[x 2]`), used for
// string printer columns.
std::string GoSprint(const JsonValue& v);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_VALUE_RENDER_H_

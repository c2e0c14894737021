// How Go's decoders judge one JSON value of a Kubernetes type, and the words
// they use: the pieces CheckObject assembles into upstream's decode errors.
//
// Sources of the facts: encoding/json (as forked by sigs.k8s.io/json) for
// plain types, resource.ParseQuantity, time.Parse with the RFC 3339 layouts of
// metav1.Time and metav1.MicroTime, encoding/base64's StdEncoding, and the
// unstructured converter (runtime.DefaultUnstructuredConverter) that strategic
// merge patches go through. Pure functions; thread-safe.
#ifndef EKSLITE_CORE_SCHEMA_OBJECT_CHECK_VALUES_H_
#define EKSLITE_CORE_SCHEMA_OBJECT_CHECK_VALUES_H_

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/schema/schema.h"

namespace ekslite::schema {

// The Go struct name of a message: "Container" for io.k8s.api.core.v1.Container.
std::string_view GoStructName(const Message& message);
// The Go type (reflect.Type.String()) of one element of `field`: "string",
// "int32", "float64", "[]uint8" (bytes), "resource.Quantity", "v1.Time",
// "intstr.IntOrString", "v1.Container" (messages: last package segment and
// name). Named string types (v1.Protocol) are not in the schema and print as
// "string".
std::string GoElementType(const Field& field);
// The Go type of the whole field: "[]" or "map[string]" before the element.
std::string GoFieldType(const Field& field);

// The word Go's decoder uses for a JSON value it cannot store: "string",
// "number", "bool", "array", "object" ("null" never fails).
std::string_view JsonKindWord(const JsonValue& value);
// A number's literal text, as close to what the client sent as the parsed
// value allows: integers exactly, fractions in shortest form, integral
// fractions with ".0" ("1.0").
std::string NumberLiteral(const JsonValue& number);
// Whether `number` is an integer literal strconv.ParseInt accepts within
// [min, max] (so 1.0 and 3000000000 are not int32s).
bool IsIntegerIn(const JsonValue& number, int64_t min, int64_t max);

// resource.ParseQuantity's verdict on `text` (already unquoted and trimmed):
// "" when it parses, else one of upstream's three messages
// ("quantities must match the regular expression
// '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", "unable to parse numeric
// part of quantity", "unable to parse quantity's suffix").
std::string_view QuantityError(std::string_view text);

// base64.StdEncoding.Decode's verdict on `text`: "" when it decodes, else
// "illegal base64 data at input byte N" (newlines are skipped, as Go does).
std::string Base64Error(std::string_view text);

// time.Parse's verdict on `text` with the layout of metav1.Time
// ("2006-01-02T15:04:05Z07:00", `micro` false) or metav1.MicroTime
// ("2006-01-02T15:04:05.000000Z07:00"): "" when it parses, else Go's
// time.ParseError text, e.g. `parsing time "x" as
// "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"` or `parsing time
// "2024-13-01T00:00:00Z": month out of range`.
std::string TimeParseError(std::string_view text, bool micro);

// The unstructured converter's error for storing `value` in a field element
// of `field`'s type when the kinds disagree, or "" when they agree (or the
// element type has its own JSON decoding): "cannot restore struct from:
// string", "cannot restore slice from string", "cannot restore map from
// bool", "cannot convert int64 to string", "cannot convert float64 to int32",
// "unrecognized type: int32". `whole` judges the field as a whole (list or
// map) rather than one element.
std::string ConverterTypeError(const Field& field, bool whole, const JsonValue& value);

}  // namespace ekslite::schema

#endif  // EKSLITE_CORE_SCHEMA_OBJECT_CHECK_VALUES_H_
